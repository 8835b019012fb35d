package io.taskmanager.accounts;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Mailbox;
import io.taskmanager.support.Sql;
import jakarta.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A mail goes out only once the transaction that asked for it has committed. The database
 * itself refuses one commit here (a deferred trigger, as a serialization failure or a lost
 * connection would): the request that rolled back must have sent nothing.
 */
class MailAfterCommitIT {

    private static final String NOTICE = "Your Task Manager password was changed";

    private final Api api = Api.service();

    private Reply reset(String resetToken, String password) {
        return api.send("POST", "/api/auth/reset-password", resetToken,
                Json.createObjectBuilder().add("new_password", password).build().toString());
    }

    private static List<Mailbox.Delivered> notices(Mailbox mailbox) {
        return mailbox.all().stream().filter(mail -> mail.subject().equals(NOTICE)).toList();
    }

    @Test
    void aPasswordResetWhoseCommitFailsMailsNoNotice() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        long userId = api.userId(api.login(account));
        Mailbox mailbox = new Mailbox(account.email());
        Reply requested = api.postJson("/api/auth/forget-password", "{\"email\": \"" + account.email() + "\"}");
        Reply verified = api.send("POST", "/api/auth/verify-otp", requested.json().getString("otp-token"),
                Json.createObjectBuilder().add("email", account.email()).add("otp", mailbox.await(1).code()).build().toString());
        assertEquals(200, verified.status(), verified::body);
        String resetToken = verified.json().getString("reset-token");

        String trigger = "refuse_commit_" + userId;
        Sql.update("CREATE FUNCTION " + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "RAISE EXCEPTION 'commit refused by the test' USING ERRCODE = '40001'; END $$");
        Sql.update("CREATE CONSTRAINT TRIGGER " + trigger + " AFTER UPDATE ON users DEFERRABLE INITIALLY DEFERRED "
                + "FOR EACH ROW WHEN (NEW.id = " + userId + ") EXECUTE FUNCTION " + trigger + "()");
        Reply refused;
        try {
            refused = reset(resetToken, "Fresh-Lantern-2931");
        } finally {
            Sql.update("DROP TRIGGER " + trigger + " ON users");
            Sql.update("DROP FUNCTION " + trigger + "()");
        }
        // a transaction the database rolled back: retry later, nothing changed
        assertError(refused, 503, "SERVICE_UNAVAILABLE");
        assertEquals(200, api.postJson("/api/auth/login", "{\"username\": \"" + account.username() + "\", \"password\": \""
                + account.password() + "\"}").status(), "the old password still works");

        // the same token again, now that the database lets it commit: exactly one notice, this one
        Reply done = reset(resetToken, "Fresh-Lantern-2931");
        assertEquals(200, done.status(), done::body);
        mailbox.await(2);
        assertEquals(1, notices(mailbox).size(), () -> "notices: " + notices(mailbox));
    }
}
