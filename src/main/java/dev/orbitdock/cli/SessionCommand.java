package dev.orbitdock.cli;

import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.http.ConversationRow;
import dev.orbitdock.http.SessionDetail;
import dev.orbitdock.http.SessionQueries;
import dev.orbitdock.http.SessionSummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "session", description = "Agent sessions and their conversations.",
        subcommands = {SessionCommand.ListSessions.class, SessionCommand.Show.class, SessionCommand.Tail.class})
final class SessionCommand {
    /** How often {@code tail --follow} looks for new rows. */
    static final Duration FOLLOW_INTERVAL = Duration.ofMillis(500);
    private static final int PAGE = 500;

    @ParentCommand
    RootCommand root;

    static SessionDetail require(SessionQueries queries, String id) {
        return queries.find(id).orElseThrow(() -> new OrbitDockException("session_not_found",
                "no session " + id, "list them with: orbitdock session list"));
    }

    /** Prints the rows after {@code after}, page by page; returns the last sequence printed. */
    static long print(PrintWriter out, SessionQueries queries, String id, long after) {
        long last = after;
        List<ConversationRow> page;
        do {
            page = queries.rows(id, last, PAGE).orElse(List.of());
            for (ConversationRow row : page) {
                out.println(SessionRowText.of(row));
                last = row.sequence();
            }
        } while (page.size() == PAGE);
        out.flush();
        return last;
    }

    @Command(name = "list", description = "List sessions, newest first.")
    static final class ListSessions implements Callable<Integer> {
        @ParentCommand
        SessionCommand parent;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        @Override
        public Integer call() {
            return parent.root.withServices(services -> {
                List<SessionSummary> sessions = new SessionQueries(services.database()).list(null);
                var context = parent.root.context();
                if (json) {
                    Output.json(context.out(), Map.of("sessions", sessions));
                } else if (sessions.isEmpty()) {
                    context.err().println("No sessions yet: they start when an agent works on an issue.");
                } else {
                    Output.table(context.out(), List.of("ID", "AGENT", "STATUS", "MODEL", "ROWS", "STARTED"),
                            sessions.stream().map(s -> List.of(s.id(), s.provider(), s.status(),
                                    s.model() == null ? "-" : s.model(), Long.toString(s.rows()),
                                    s.startedAt().toString())).toList());
                }
                return 0;
            });
        }
    }

    @Command(name = "show", description = "Show a session and its whole conversation.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        SessionCommand parent;

        @Parameters(paramLabel = "<session>", description = "Session id")
        String id;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        @Override
        public Integer call() {
            return parent.root.withServices(services -> {
                SessionQueries queries = new SessionQueries(services.database());
                SessionDetail s = require(queries, id);
                PrintWriter out = parent.root.context().out();
                if (json) {
                    Output.json(out, Map.of("session", s, "rows",
                            queries.rows(id, 0, Integer.MAX_VALUE).orElse(List.of())));
                    return 0;
                }
                out.println(s.id() + "  " + s.provider() + "  " + s.status()
                        + (s.endReason() == null ? "" : " (" + s.endReason() + ")"));
                out.println("  model:   " + (s.model() == null ? "-" : s.model())
                        + (s.externalSessionId() == null ? "" : "   agent session: " + s.externalSessionId()));
                out.println("  cwd:     " + (s.cwd() == null ? "-" : s.cwd()));
                out.println("  started: " + s.startedAt() + (s.endedAt() == null ? "" : "   ended: " + s.endedAt()));
                print(out, queries, id, 0);
                return 0;
            });
        }
    }

    @Command(name = "tail", description = "Print a session's last rows; with --follow, keep printing new ones until"
            + " the session ends.")
    static final class Tail implements Callable<Integer> {
        @ParentCommand
        SessionCommand parent;

        @Parameters(paramLabel = "<session>", description = "Session id")
        String id;

        @Option(names = {"-n", "--lines"}, defaultValue = "20", description = "How many rows to start with (default 20)")
        int lines;

        @Option(names = {"-f", "--follow"}, description = "Keep printing rows as they arrive, until the session ends")
        boolean follow;

        @Override
        public Integer call() {
            return parent.root.withServices(services -> {
                SessionQueries queries = new SessionQueries(services.database());
                PrintWriter out = parent.root.context().out();
                // Sequences run 1..rows without gaps, so the last n rows are those after rows - n.
                long last = print(out, queries, id, Math.max(0, require(queries, id).rows() - lines));
                while (follow) {
                    boolean ended = require(queries, id).endedAt() != null;
                    last = print(out, queries, id, last); // after the check: rows written before the end are shown
                    if (ended) {
                        break;
                    }
                    try {
                        Thread.sleep(FOLLOW_INTERVAL);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return 130;
                    }
                }
                return 0;
            });
        }
    }
}
