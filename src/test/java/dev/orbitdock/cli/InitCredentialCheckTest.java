package dev.orbitdock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.cli.init.CredentialCheck.Verdict;
import dev.orbitdock.cli.init.InitWizard;
import dev.orbitdock.cli.init.ServiceCredentialChecks;
import dev.orbitdock.config.ConfigKey;
import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.config.ConfigSource;
import dev.orbitdock.config.ConfigValue;
import dev.orbitdock.tracker.FakeHttpServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keys are checked with their services as they are typed: the wizard shows a refusal in the service's words. */
class InitCredentialCheckTest {
    private final FakeHttpServer service = FakeHttpServer.start();

    @AfterEach
    void stop() {
        service.close();
    }

    private ServiceCredentialChecks checks() {
        String base = service.uri().toString();
        return new ServiceCredentialChecks(Map.of("GITHUB_API_URL", base, "ANTHROPIC_BASE_URL", base,
                "OPENAI_BASE_URL", base + "/v1", "ORBITDOCK_LINEAR_API_URL", base + "/graphql"), key -> null);
    }

    private static ConfigValue unset(ConfigKey key) {
        return key.defaultValue() != null ? new ConfigValue(key, key.defaultValue(), ConfigSource.DEFAULT)
                : new ConfigValue(key, null, ConfigSource.UNSET);
    }

    @Test
    void eachServiceIsAskedWithItsOwnRequestShape() {
        service.enqueue(200, "{\"login\":\"octocat\"}");
        assertThat(checks().check(ConfigKeys.GITHUB_TOKEN, "ghp_x", Map.of())).isEqualTo(new Verdict.Accepted("octocat"));
        var github = service.takeRequest();
        assertThat(github.path()).isEqualTo("/user");
        assertThat(github.header("Authorization")).isEqualTo("Bearer ghp_x");

        service.enqueue(200, "{\"errors\":[{\"message\":\"Authentication required, not authenticated\"}]}");
        assertThat(checks().check(ConfigKeys.LINEAR_API_KEY, "lin_api_x", Map.of()))
                .isEqualTo(new Verdict.Rejected("HTTP 200: Authentication required, not authenticated"));
        var linear = service.takeRequest();
        assertThat(linear.header("Authorization")).isEqualTo("lin_api_x");
        assertThat(linear.json().path("query").asText()).contains("viewer");

        service.enqueue(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}");
        assertThat(checks().check(ConfigKeys.ANTHROPIC_API_KEY, "sk-ant-x", Map.of()))
                .isEqualTo(new Verdict.Rejected("HTTP 401: invalid x-api-key"));
        var anthropic = service.takeRequest();
        assertThat(anthropic.path()).isEqualTo("/v1/models");
        assertThat(anthropic.header("x-api-key")).isEqualTo("sk-ant-x");

        service.enqueue(503, "{}");
        assertThat(checks().check(ConfigKeys.OPENAI_API_KEY, "sk-x", Map.of())).isInstanceOf(Verdict.Unreachable.class);
        assertThat(service.takeRequest().path()).isEqualTo("/v1/models");
    }

    @Test
    void aRefusedKeyIsShownInTheServicesWordsAndReAskedUnlessKept() {
        service.enqueue(401, "{\"message\":\"Bad credentials\"}");
        service.enqueue(200, "{\"login\":\"octocat\"}");
        var prompter = new InitScriptedPrompter("local", "", "", "github", "ghp_wrong", "n", "ghp_right", "", "", "y");

        Map<String, String> answers = new InitWizard(prompter, InitCredentialCheckTest::unset, checks()).run()
                .orElseThrow();

        assertThat(answers).containsEntry("github_token", "ghp_right");
        assertThat(prompter.transcript).contains("spin Checking github_token",
                "say ✗ github_token was refused: HTTP 401: Bad credentials", "confirm Keep it anyway?",
                "say ✓ github_token accepted (octocat)").doesNotContain("spin Checking bind");
    }
}
