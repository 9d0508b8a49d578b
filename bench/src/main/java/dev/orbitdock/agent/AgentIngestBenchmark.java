package dev.orbitdock.agent;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.store.CommitListener;
import dev.orbitdock.store.Database;
import dev.orbitdock.store.PersistenceWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Ingestion of a 10 000-line recorded stream per agent, lines/s: {@code ingest} is the whole path a CLI's stdout
 * line takes (mapper, rows, token usage, status and progress through {@link SessionRecorder} into SQLite, until
 * the session's end has committed); {@code mapOnly} is the mapper alone. The stream is one long turn built from
 * the recorded tool-call session (src/test/resources/agent/&lt;agent&gt;/tool-commit.jsonl, see {@link #stream}).
 * Target: ≥ 20 000 lines/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class AgentIngestBenchmark {
    static final int LINES = 10_000;

    @State(Scope.Thread)
    public static class Stream10k {
        @Param({"claude", "codex"})
        String agent;

        List<String> lines;
        Path dir;
        Database database;
        PersistenceWriter writer;
        SessionRecorder recorder;
        int session;

        @Setup(Level.Trial)
        public void open() throws IOException {
            lines = stream(agent);
            dir = Files.createTempDirectory("orbitdock-bench");
            database = Database.open(dir.resolve("orbitdock.db"));
            writer = new PersistenceWriter(database, CommitListener.NONE);
            recorder = new SessionRecorder(writer, IdGenerator.random(), Clock.systemUTC());
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            writer.close();
            database.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }

        AgentEventMapper mapper() {
            return agent.equals("claude") ? new ClaudeEvents() : new CodexEvents("gpt-5.5");
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void ingest(Stream10k s) {
        String sessionId = "bench-" + (++s.session);
        s.recorder.start(new AgentLaunch(s.agent, sessionId, null, null, s.dir, s.dir, Map.of(),
                JsonNodeFactory.instance.objectNode()), s.agent);
        NormalisedOutput output = new NormalisedOutput(s.recorder, sessionId, "prompt", s.mapper());
        for (String line : s.lines) {
            output.stdout(line);
        }
        s.recorder.end(sessionId, new AgentExit(0, false, "exited with status 0")); // waits for every row
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void mapOnly(Stream10k s, Blackhole sink) {
        AgentEventMapper mapper = s.mapper();
        for (String line : s.lines) {
            sink.consume(mapper.map(line));
        }
    }

    /**
     * One long turn made of the recorded session: its opening lines (claude's init, codex's thread and turn start)
     * once, then its messages and tool calls over and over with fresh tool and item ids, then its closing lines
     * (the result with usage) once, as a long real session is.
     */
    static List<String> stream(String agent) throws IOException {
        List<String> recorded;
        try (InputStream in = AgentIngestBenchmark.class.getResourceAsStream("/agent/" + agent
                + "/tool-commit.jsonl")) {
            recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        int first = 0;
        while (!isTurnBody(recorded.get(first))) {
            first++;
        }
        int end = recorded.size();
        while (!isTurnBody(recorded.get(end - 1))) {
            end--;
        }
        List<String> head = recorded.subList(0, first);
        List<String> body = recorded.subList(first, end);
        List<String> tail = recorded.subList(end, recorded.size());
        List<String> lines = new ArrayList<>(head);
        for (int round = 0; lines.size() < LINES - tail.size(); round++) {
            for (String line : body) {
                if (lines.size() < LINES - tail.size()) {
                    lines.add(line.replace("toolu_", "toolu_" + round + "_").replace("\"item_", "\"item_" + round
                            + "_"));
                }
            }
        }
        lines.addAll(tail);
        return lines;
    }

    private static boolean isTurnBody(String line) {
        return line.startsWith("{\"type\":\"assistant\"") || line.startsWith("{\"type\":\"user\"")
                || line.startsWith("{\"type\":\"item.");
    }
}
