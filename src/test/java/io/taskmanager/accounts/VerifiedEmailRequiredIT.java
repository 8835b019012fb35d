package io.taskmanager.accounts;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Mailbox;
import io.taskmanager.support.ServiceProcess;
import io.taskmanager.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With taskmanager.signup.require-verified-email on, tasks wait for a verified address. */
class VerifiedEmailRequiredIT {

    private static ServiceProcess service;
    private static Api api;

    @BeforeAll
    static void start() {
        Map<String, String> environment = new HashMap<>(TestEnvironment.serverEnvironment(TestEnvironment.DATABASE));
        environment.put("TASKMANAGER_SIGNUP_REQUIRE_VERIFIED_EMAIL", "true");
        service = ServiceProcess.start("verified-email", environment);
        service.awaitReady(Duration.ofMinutes(3));
        api = Api.at(service.baseUri());
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    @Test
    void anUnverifiedAccountCanLogInAndVerifyButItsTaskRoutesAre403UntilItHas() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        String token = api.login(account);

        JsonObject error = assertError(api.get("/api/tasks", token), 403, "EMAIL_NOT_VERIFIED");
        assertEquals("The account's email address is not verified", error.getString("message"));
        assertError(api.send("POST", "/api/tasks", token, "{\"title\":\"not yet\"}"), 403, "EMAIL_NOT_VERIFIED");
        assertEquals(200, api.get("/api/users/me", token).status(), "the account's own routes stay open");

        assertEquals(202, api.send("POST", "/api/users/me/email", token, Json.createObjectBuilder().add("email", account.email())
                .add("current_password", account.password()).build().toString()).status());
        String code = new Mailbox(account.email()).await(1).code();
        assertEquals(200, api.send("POST", "/api/users/me/email/verify", token,
                Json.createObjectBuilder().add("otp", code).build().toString()).status());

        assertEquals(201, api.send("POST", "/api/tasks", token, "{\"title\":\"now\"}").status(), "the same token works at once");
        assertEquals(200, api.get("/api/tasks", token).status());
    }
}
