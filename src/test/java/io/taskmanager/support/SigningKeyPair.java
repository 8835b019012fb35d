package io.taskmanager.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * An RSA key pair in the two PEM files an operator installs (what `openssl genpkey` and
 * `openssl pkey -pubout` make), and the settings that point a server at them.
 */
public record SigningKeyPair(Path signingKey, Path verificationKey) {

    /** A fresh 2048-bit pair written to {@code directory}. */
    public static SigningKeyPair generate(Path directory) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(directory);
            Path signing = Files.writeString(directory.resolve("signing-key.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Path verification = Files.writeString(directory.resolve("verification-key.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return new SigningKeyPair(signing.toAbsolutePath(), verification.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The settings as environment variables: a plain path for the private key, a file: URL for the public one. */
    public Map<String, String> environment() {
        return Map.of("TASKMANAGER_JWT_SIGNING_KEY_LOCATION", signingKey.toString(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", verificationKey.toUri().toString());
    }

    public PrivateKey privateKey() {
        return readPrivateKey(signingKey);
    }

    static PrivateKey readPrivateKey(Path pemFile) {
        try {
            String body = Files.readString(pemFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
