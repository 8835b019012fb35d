package io.taskmanager.accounts;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Mailbox;
import io.taskmanager.support.Race;
import io.taskmanager.support.Sql;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The account's data taken away whole (export), and the account deleted with everything of it. */
class AccountDataIT {

    /** The tables this test knows hold rows of an account; the database's own foreign keys must name no other. */
    private static final Set<String> KNOWN_ACCOUNT_TABLES = Set.of("tasks", "task_counts", "task_idempotency_keys",
            "sessions", "revoked_access_tokens", "password_resets", "email_codes", "personal_access_tokens", "provider_identities");

    /** Every table with a foreign key to users, and its column, as the database has them. */
    private static Map<String, String> tablesReferringToUsers() {
        Map<String, String> tables = new TreeMap<>();
        for (Map<String, Object> row : Sql.rows("""
                SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name
                FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass""")) {
            tables.put((String) row.get("table_name"), (String) row.get("column_name"));
        }
        return tables;
    }

    private final Api api = Api.service();

    private Account registered() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        return account;
    }

    private Reply deleteAccount(String token, String password) {
        return api.send("DELETE", "/api/users/me", token, Json.createObjectBuilder().add("password", password).build().toString());
    }

    @Test
    void theExportHoldsTheAccountEveryTaskInIdOrderAndTheSessions() {
        Account account = registered();
        String token = api.login(account);
        api.login(account);
        long userId = api.userId(token);
        // more tasks than one read of the export takes, written straight to the database
        Sql.update("INSERT INTO tasks (user_id, title, description, completion, priority, created_at, updated_at, version) "
                + "SELECT ?, 'task ' || n, '', false, 'MEDIUM', now(), now(), 0 FROM generate_series(1, 450) n", userId);
        api.createTask(api.freshToken(), "{\"title\":\"someone else's\"}");

        Reply reply = api.get("/api/users/me/export", token);

        assertEquals(200, reply.status(), reply::body);
        assertEquals("attachment; filename=\"task-manager-export.json\"", reply.header("Content-Disposition").orElseThrow());
        assertTrue(reply.header("Content-Type").orElseThrow().startsWith("application/json"));
        JsonObject export = Json.createReader(new StringReader(reply.body())).readObject();
        assertEquals(List.of("account", "tasks", "sessions", "exported_at"), List.copyOf(export.keySet()));
        assertEquals(account.username(), export.getJsonObject("account").getString("username"));
        assertEquals(userId, export.getJsonObject("account").getJsonNumber("id").longValue());
        JsonArray tasks = export.getJsonArray("tasks");
        assertEquals(450, tasks.size());
        List<Long> ids = new ArrayList<>();
        tasks.forEach(task -> ids.add(task.asJsonObject().getJsonNumber("id").longValue()));
        assertEquals(ids.stream().sorted().distinct().toList(), ids, "every task once, in id order");
        assertEquals(List.of("id", "title", "description", "completion", "priority", "due_date", "created_at", "updated_at"),
                List.copyOf(tasks.getJsonObject(0).keySet()));
        assertEquals(2, export.getJsonArray("sessions").size());
        assertTrue(export.getString("exported_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        assertError(api.get("/api/users/me/export", null), 401, "UNAUTHORIZED");
    }

    @Test
    void deletingTheAccountLeavesNoRowOfItAndFreesTheNameAndAddress() {
        Account account = registered();
        String token = api.login(account);
        long userId = api.userId(token);
        String refresh = api.postJson("/api/auth/login", Json.createObjectBuilder().add("username", account.username())
                .add("password", account.password()).build().toString()).json().getString("refresh_token");
        api.createTask(token, "{\"title\":\"mine\"}");
        assertEquals(201, api.request("POST", "/api/tasks").bearer(token).header("Idempotency-Key", "k-" + userId)
                .json("{\"title\":\"once\"}").send().status());
        String other = api.login(account);
        assertEquals(204, api.send("POST", "/api/auth/logout", other, null).status());
        assertEquals(202, api.send("POST", "/api/users/me/email", token, Json.createObjectBuilder().add("email", account.email())
                .add("current_password", account.password()).build().toString()).status());
        new Mailbox(account.email()).await(1);
        assertEquals(200, api.postJson("/api/auth/forget-password", "{\"email\":\"" + account.email() + "\"}").status());
        new Mailbox(account.email()).await(2);
        assertError(api.postJson("/api/auth/login", Json.createObjectBuilder().add("username", account.username())
                .add("password", "wrong password 1").build().toString()), 401, "INVALID_CREDENTIALS");

        assertEquals(201, api.send("POST", "/api/users/me/tokens", token, "{\"name\":\"script\",\"scopes\":[\"tasks:read\"]}").status());
        // a link to an identity provider's subject, as a first single sign-on makes (SingleSignOnIT makes real ones)
        Sql.update("INSERT INTO provider_identities (issuer, subject, user_id) VALUES ('https://sso.example.com', ?, ?)",
                "subject-of-" + userId, userId);
        List<Long> sessionIds = Sql.rows("SELECT id FROM sessions WHERE user_id = ?", userId).stream()
                .map(row -> ((Number) row.get("id")).longValue()).toList();
        Map<String, String> referring = tablesReferringToUsers();
        assertEquals(KNOWN_ACCOUNT_TABLES, referring.keySet(), "a new table of the account: add it here and check its rows go");
        referring.forEach((table, column) -> assertTrue(
                Sql.number("SELECT count(*) FROM " + table + " WHERE " + column + " = ?", userId) > 0, table + " had a row to delete"));

        assertEquals(204, deleteAccount(token, account.password()).status());

        assertEquals(0, Sql.number("SELECT count(*) FROM users WHERE id = ?", userId));
        referring.forEach((table, column) ->
                assertEquals(0, Sql.number("SELECT count(*) FROM " + table + " WHERE " + column + " = ?", userId), table));
        for (long sessionId : sessionIds) {
            assertEquals(0, Sql.number("SELECT count(*) FROM refresh_tokens WHERE session_id = ?", sessionId));
        }
        assertEquals(0, Sql.number("SELECT count(*) FROM login_failures WHERE subject = ?", "user:" + userId));
        assertError(api.get("/api/tasks", token), 401, "UNAUTHORIZED");
        assertError(api.postJson("/api/auth/refresh", "{\"refresh_token\":\"" + refresh + "\"}"), 401, "UNAUTHORIZED");
        assertError(api.postJson("/api/auth/login", Json.createObjectBuilder().add("username", account.username())
                .add("password", account.password()).build().toString()), 401, "INVALID_CREDENTIALS");
        Mailbox.Delivered goodbye = new Mailbox(account.email()).await(3);
        assertTrue(goodbye.subject().contains("account was deleted"), goodbye::subject);
        assertEquals(201, api.signup(account).status(), "the name and the address are free again");
    }

    @Test
    void aWrongPasswordDeletesNothing() {
        Account account = registered();
        String token = api.login(account);

        assertError(deleteAccount(token, "not my password"), 401, "INVALID_CREDENTIALS");
        assertError(api.send("DELETE", "/api/users/me", token, null), 400, "BAD_REQUEST");
        assertError(api.send("DELETE", "/api/users/me", token, "{\"password\":\"" + account.password() + "\",\"x\":1}"), 400, "BAD_REQUEST");
        assertError(deleteAccount(null, account.password()), 401, "UNAUTHORIZED");

        assertEquals(200, api.get("/api/users/me", token).status());
    }

    @RepeatedTest(Race.ROUNDS)
    void creatingTasksWhileTheAccountIsDeletedLeavesNoOrphanAndNo500() {
        Account account = registered();
        String token = api.login(account);
        long userId = api.userId(token);

        List<Integer> statuses = Race.run(8, i -> i == 0 ? deleteAccount(token, account.password()).status()
                : api.send("POST", "/api/tasks", token, "{\"title\":\"racing " + i + "\"}").status());

        assertEquals(204, statuses.get(0), statuses::toString);
        assertTrue(statuses.subList(1, 8).stream().allMatch(status -> status == 201 || status == 401), statuses::toString);
        assertEquals(0, Sql.number("SELECT count(*) FROM tasks WHERE user_id = ?", userId));
        assertEquals(0, Sql.number("SELECT count(*) FROM task_counts WHERE user_id = ?", userId));
    }
}
