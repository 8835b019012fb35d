package io.taskmanager.accounts;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.TestEnvironment;
import io.taskmanager.tasks.control.TaskFilter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The secrets derived from the signing key (the MAC of page cursors, the key reset codes are
 * stored under) come from the operator's private key, never from anything committed: an
 * attacker who reads the repository can mint neither. The attacker here knows the source, so
 * forges a cursor exactly as the service would, with the committed development key.
 */
class DerivedSecretsIT {

    private final Api api = Api.service();

    /** A page cursor for {@code lastId} of {@code userId}'s unfiltered list, MACed with a key derived from {@code key}. */
    private static String cursor(PrivateKey key, long userId, long lastId) throws GeneralSecurityException {
        Mac derive = Mac.getInstance("HmacSHA256");
        derive.init(new SecretKeySpec("task-manager page cursors".getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(derive.doFinal(key.getEncoded()), "HmacSHA256"));
        mac.update(ByteBuffer.allocate(2 * Long.BYTES).putLong(userId).putLong(lastId).array());
        mac.update(TaskFilter.NONE.toString().getBytes(StandardCharsets.UTF_8));
        ByteBuffer cursor = ByteBuffer.allocate(1 + Long.BYTES + 16).put((byte) 1).putLong(lastId)
                .put(Arrays.copyOf(mac.doFinal(), 16));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.array());
    }

    private static PrivateKey developmentKey() throws Exception {
        String pem = java.nio.file.Files.readString(Path.of("src/main/resources/META-INF/jwt/development-only-signing-key.pem"));
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    @Test
    void aCursorForgedWithTheCommittedKeyIsRefusedAndOneFromTheOperatorsKeyIsNot() throws Exception {
        String token = api.freshToken();
        long userId = api.userId(token);
        for (int i = 0; i < 3; i++) {
            api.createTask(token, "{\"title\": \"task " + i + "\"}");
        }

        Reply forged = api.get("/api/tasks?cursor=" + cursor(developmentKey(), userId, 0), token);
        assertEquals("cursor", assertError(forged, 400, "BAD_REQUEST").getJsonObject("details").keySet().iterator().next());

        // the same construction with the key this service was given is a valid cursor: the forgery failed on the key alone
        Reply genuine = api.get("/api/tasks?cursor=" + cursor(TestEnvironment.keys().privateKey(), userId, 0), token);
        assertEquals(200, genuine.status(), genuine::body);
        assertEquals(3, genuine.json().getJsonArray("data").size());
    }
}
