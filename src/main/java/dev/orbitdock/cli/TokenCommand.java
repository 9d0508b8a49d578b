package dev.orbitdock.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orbitdock.auth.IssuedToken;
import dev.orbitdock.auth.TokenInfo;
import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.common.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "token", description = "Manage API tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {
    @ParentCommand
    RootCommand root;

    /** A token as {@code --json} shows it; {@code token} only on creation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenView(String id, String label, String scope, Instant createdAt, Instant expiresAt, Instant revokedAt,
                     String status, String token) {
        static TokenView of(TokenInfo info, Instant now, String token) {
            String status = info.revokedAt() != null ? "revoked" : info.activeAt(now) ? "active" : "expired";
            return new TokenView(info.id(), info.label(), info.scope().wire(), info.createdAt(), info.expiresAt(),
                    info.revokedAt(), status, token);
        }
    }

    @Command(name = "create", description = {"Create a token and print it once (stdout), e.g.",
            "  export ORBITDOCK_TOKEN=$(orbitdock token create --label laptop)"})
    static final class Create implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;

        @Option(names = "--label", required = true, description = "What the token is for")
        String label;

        @Option(names = "--scope", defaultValue = "api", description = "api (default) or workspace:<id>")
        String scope;

        @Option(names = "--expires", paramLabel = "<duration>", description = "Lifetime such as 30d or 12h (default: none)")
        String expires;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        @Override
        public Integer call() {
            TokenScope tokenScope = TokenScope.parse(scope).orElseThrow(() -> new OrbitDockException("invalid_scope",
                    "Unknown token scope '" + scope + "'", "use api or workspace:<workspace id>"));
            Duration ttl = expires == null ? null : parseTtl(expires);
            return parent.root.withServices(services -> {
                IssuedToken issued = services.tokens().create(label, tokenScope, ttl);
                CliContext context = parent.root.context();
                if (json) {
                    Output.json(context.out(), TokenView.of(issued.info(), services.clock().instant(), issued.token()));
                } else {
                    context.out().println(issued.token());
                    context.err().println("Created token " + issued.info().id() + " (" + tokenScope.wire()
                            + "). Store it now: it cannot be shown again.");
                }
                return 0;
            });
        }

        private static Duration parseTtl(String text) {
            try {
                return Durations.parsePositive(text);
            } catch (IllegalArgumentException e) {
                throw new OrbitDockException("invalid_duration", "'" + text + "' is not a lifetime",
                        "use e.g. --expires 30d, 12h or 90m");
            }
        }
    }

    @Command(name = "list", description = "List tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        @Override
        public Integer call() {
            return parent.root.withServices(services -> {
                Instant now = services.clock().instant();
                List<TokenView> tokens = services.tokens().list().stream().map(t -> TokenView.of(t, now, null)).toList();
                CliContext context = parent.root.context();
                if (json) {
                    Output.json(context.out(), Map.of("tokens", tokens));
                } else if (tokens.isEmpty()) {
                    context.err().println("No tokens. Create one with: orbitdock token create --label <name>");
                } else {
                    Output.table(context.out(), List.of("ID", "LABEL", "SCOPE", "STATUS", "CREATED", "EXPIRES"),
                            tokens.stream().map(t -> List.of(t.id(), t.label(), t.scope(), t.status(),
                                    t.createdAt().toString(), t.expiresAt() == null ? "never" : t.expiresAt().toString()))
                                    .toList());
                }
                return 0;
            });
        }
    }

    @Command(name = "revoke", description = "Revoke a token; requests carrying it are refused from now on.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;

        @Parameters(paramLabel = "<id>")
        String id;

        @Override
        public Integer call() {
            return parent.root.withServices(services -> {
                TokenInfo revoked = services.tokens().revoke(id);
                parent.root.context().out().println("revoked " + revoked.id() + " (" + revoked.label() + ")");
                return 0;
            });
        }
    }
}
