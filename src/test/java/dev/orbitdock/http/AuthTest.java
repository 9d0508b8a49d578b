package dev.orbitdock.http;

import static dev.orbitdock.http.ErrorResponsesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.auth.IssuedToken;
import dev.orbitdock.auth.TokenScope;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthTest {
    @TempDir
    Path dir;
    TestServer test;

    @AfterEach
    void stop() {
        if (test != null) {
            test.close();
        }
    }

    @Test
    void loopbackServerIsOpenWhileNoApiTokenExists() {
        test = TestServer.start(dir);

        assertThat(test.get("/api/server", null).statusCode()).isEqualTo(200);
    }

    @Test
    void workspaceTokensDoNotCloseTheLoopbackConvenience() {
        test = TestServer.start(dir);
        test.workspaceToken("od-ws1");

        assertThat(test.get("/api/server", null).statusCode()).isEqualTo(200);
    }

    @Test
    void tokenIsRequiredOnceAnApiTokenExists() {
        test = TestServer.start(dir);
        String token = test.apiToken();

        HttpResponse<String> missing = test.get("/api/server", null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertError(missing, "missing_token");
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");

        assertThat(test.get("/api/server", token).statusCode()).isEqualTo(200);
        assertThat(test.get("/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownRoutesAreNotRevealedWithoutAToken() {
        test = TestServer.start(dir);
        test.apiToken();

        assertError(test.get("/api/no-such-route", null), "missing_token");
    }

    @Test
    void badTokensAreRejectedWithoutSayingWhy() {
        test = TestServer.start(dir);
        String token = test.apiToken();
        String wrongSecret = token.substring(0, token.length() - 4) + (token.endsWith("0000") ? "1111" : "0000");

        HttpResponse<String> malformed = test.get("/api/server", "not-a-token");
        assertThat(malformed.statusCode()).isEqualTo(401);
        assertThat(assertError(malformed, "invalid_token").get("error").asText()).contains("malformed");

        HttpResponse<String> wrong = test.get("/api/server", wrongSecret);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(assertError(wrong, "invalid_token").get("error").asText())
                .isEqualTo("The token is unknown, revoked or expired");

        HttpResponse<String> basic = test.send(test.request("/api/server", null).header("Authorization", "Basic eDp5"));
        assertThat(basic.statusCode()).isEqualTo(401);
        assertError(basic, "invalid_token");
    }

    @Test
    void revokedTokenIsRejected() {
        test = TestServer.start(dir);
        test.apiToken(); // keeps the server closed after the revocation
        IssuedToken issued = test.tokens.create("revoked", TokenScope.api(), null);
        test.tokens.revoke(issued.info().id());

        assertError(test.get("/api/server", issued.token()), "invalid_token");
    }

    @Test
    void workspaceTokenIsForbiddenOnApiRoutes() {
        test = TestServer.start(dir);
        test.apiToken();
        String workspaceToken = test.workspaceToken("od-ws1");

        HttpResponse<String> response = test.get("/api/server", workspaceToken);

        assertThat(response.statusCode()).isEqualTo(403);
        assertError(response, "forbidden_scope");
    }

    @Test
    void aPresentedTokenIsCheckedEvenWhileTheServerIsOpen() {
        test = TestServer.start(dir);

        assertError(test.get("/api/server", "odtk_bogus"), "invalid_token");
        assertError(test.get("/api/server", test.workspaceToken("od-ws1")), "forbidden_scope");
    }

    @Test
    void nonLoopbackServerNeedsATokenEvenBeforeOneExists() {
        test = TestServer.start(dir, "0.0.0.0", ApiServer.Options.DEFAULT);

        HttpResponse<String> response = test.get("/api/server", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertError(response, "missing_token");
        assertThat(test.get("/health", null).statusCode()).isEqualTo(200);
    }
}
