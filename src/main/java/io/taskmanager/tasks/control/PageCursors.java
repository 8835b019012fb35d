package io.taskmanager.tasks.control;

import io.taskmanager.accounts.control.SigningKeys;
import io.taskmanager.errors.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;

/**
 * Opaque keyset cursors: the last id seen, sealed with an HMAC over that id, the owner and
 * the filter. A cursor that was altered, belongs to another user or to other filters is
 * refused; even a forged one could only move within the caller's own rows. The HMAC key is
 * derived from the token signing key, so every instance of a cluster accepts the cursors.
 */
@ApplicationScoped
public class PageCursors {

    private static final byte FORMAT = 1;
    private static final int MAC_BYTES = 16;
    private static final int LENGTH = 1 + Long.BYTES + MAC_BYTES;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    @Inject
    SigningKeys signingKeys;

    public String encode(long userId, TaskFilter filter, long lastId) {
        ByteBuffer cursor = ByteBuffer.allocate(LENGTH).put(FORMAT).putLong(lastId);
        cursor.put(mac(userId, filter, lastId));
        return ENCODER.encodeToString(cursor.array());
    }

    /** The last id the cursor saw; 400 on the {@code cursor} parameter for anything else. */
    public long decode(String cursor, long userId, TaskFilter filter) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException notBase64) {
            throw invalid();
        }
        if (bytes.length != LENGTH || bytes[0] != FORMAT) {
            throw invalid();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
        long lastId = buffer.getLong();
        byte[] presented = Arrays.copyOfRange(bytes, 1 + Long.BYTES, LENGTH);
        if (!MessageDigest.isEqual(presented, mac(userId, filter, lastId)) || lastId < 0) {
            throw invalid();
        }
        return lastId;
    }

    private byte[] mac(long userId, TaskFilter filter, long lastId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(signingKeys.derivedKey("page cursors"));
            mac.update(ByteBuffer.allocate(2 * Long.BYTES).putLong(userId).putLong(lastId).array());
            mac.update(filter.toString().getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static InvalidInputException invalid() {
        return InvalidInputException.field("cursor",
                "Not a valid cursor: use the next_cursor of the previous page, with the same filters.");
    }
}
