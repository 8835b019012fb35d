package io.taskmanager.accounts.control;

import io.taskmanager.platform.StartupChecks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.Config;

/**
 * The RSA key that signs access tokens, and the checks that keep a production start from
 * signing with the development key pair that ships in the WAR, or with a key that the
 * configured MicroProfile JWT verification key does not match.
 */
@ApplicationScoped
public class SigningKeys {

    static final String SIGNING_KEY_LOCATION = "taskmanager.jwt.signing-key.location";
    static final String VERIFICATION_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    static final String DEVELOPMENT_SIGNING_KEY = "META-INF/jwt/development-only-signing-key.pem";

    @Inject
    Config config;

    private volatile PrivateKey signingKey;
    private final Map<String, SecretKey> derivedKeys = new ConcurrentHashMap<>();

    public PrivateKey signingKey() {
        PrivateKey key = signingKey;
        if (key == null) {
            requireUsableKeys();
            key = signingKey;
        }
        return key;
    }

    /**
     * An HMAC-SHA256 key for one purpose, derived from the signing key: every instance of a
     * cluster already shares that key, and a different purpose never gets the same key.
     */
    public SecretKey derivedKey(String purpose) {
        return derivedKeys.computeIfAbsent(purpose, p -> {
            try {
                Mac derive = Mac.getInstance("HmacSHA256");
                derive.init(new SecretKeySpec(("task-manager " + p).getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
                return new SecretKeySpec(derive.doFinal(signingKey().getEncoded()), "HmacSHA256");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is unavailable", e);
            }
        });
    }

    /** Loads and cross-checks both keys; throws with a one-line reason when they are unusable. */
    public synchronized void requireUsableKeys() {
        String signingLocation = config.getOptionalValue(SIGNING_KEY_LOCATION, String.class).orElse("").trim();
        String verificationLocation = config.getOptionalValue(VERIFICATION_KEY_LOCATION, String.class).orElse("").trim();
        if (signingLocation.isEmpty()) {
            throw StartupChecks.refuse("no JWT signing key: set " + SIGNING_KEY_LOCATION + " (env TASKMANAGER_JWT_SIGNING_KEY_LOCATION)");
        }
        if (verificationLocation.isEmpty() && config.getOptionalValue("mp.jwt.verify.publickey", String.class).isEmpty()) {
            throw StartupChecks.refuse("no JWT verification key: set " + VERIFICATION_KEY_LOCATION + " (env MP_JWT_VERIFY_PUBLICKEY_LOCATION)");
        }
        PrivateKey privateKey;
        PublicKey publicKey;
        try {
            privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(read(signingLocation, true), "PRIVATE KEY")));
            String inlineKey = config.getOptionalValue("mp.jwt.verify.publickey", String.class).orElse(null);
            byte[] publicPem = inlineKey != null ? inlineKey.getBytes(StandardCharsets.US_ASCII) : read(verificationLocation, false);
            publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pem(publicPem, "PUBLIC KEY")));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw StartupChecks.refuse("cannot read the JWT keys (" + SIGNING_KEY_LOCATION + "=" + signingLocation + ", "
                    + VERIFICATION_KEY_LOCATION + "=" + verificationLocation + "): an RSA key in PEM form is expected ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (!formPair(privateKey, publicKey)) {
            throw StartupChecks.refuse("the JWT signing key and the verification key (" + VERIFICATION_KEY_LOCATION + ") are not a pair");
        }
        if (isProductionProfile() && isDevelopmentKey(privateKey)) {
            throw StartupChecks.refuse("the prod profile will not sign tokens with the development-only key pair:"
                    + " set TASKMANAGER_JWT_SIGNING_KEY_LOCATION and MP_JWT_VERIFY_PUBLICKEY_LOCATION to your own keys");
        }
        signingKey = privateKey;
    }

    private boolean isProductionProfile() {
        String profiles = config.getOptionalValue("mp.config.profile", String.class).orElse("");
        return Arrays.stream(profiles.split(",")).map(String::trim).anyMatch("prod"::equals);
    }

    private boolean isDevelopmentKey(PrivateKey key) {
        try {
            PrivateKey development = KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(pem(read("classpath:" + DEVELOPMENT_SIGNING_KEY, true), "PRIVATE KEY")));
            return ((RSAPrivateCrtKey) development).getModulus().equals(((RSAPrivateCrtKey) key).getModulus());
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            return false;
        }
    }

    private static boolean formPair(PrivateKey privateKey, PublicKey publicKey) {
        try {
            byte[] probe = "task-manager key pair probe".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Reads a key. The signing key takes {@code classpath:}, {@code file:} or a plain path;
     * the verification key follows MicroProfile JWT: a URL, otherwise a classpath resource.
     */
    private byte[] read(String location, boolean plainPathIsFile) throws IOException {
        if (location.startsWith("classpath:")) {
            return readResource(location.substring("classpath:".length()));
        }
        if (location.startsWith("file:")) {
            return Files.readAllBytes(Path.of(URI.create(location)));
        }
        if (plainPathIsFile) {
            return Files.readAllBytes(Path.of(location));
        }
        return readResource(location);
    }

    private byte[] readResource(String path) throws IOException {
        String resource = path.startsWith("/") ? path.substring(1) : path;
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(SigningKeys.class.getClassLoader());
        try (InputStream in = Optional.ofNullable(loader.getResourceAsStream(resource))
                .orElseGet(() -> SigningKeys.class.getClassLoader().getResourceAsStream(resource))) {
            if (in == null) {
                throw new IOException("no classpath resource " + resource);
            }
            return in.readAllBytes();
        }
    }

    private static byte[] pem(byte[] content, String label) {
        String text = new String(content, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN " + label + "-----");
        int end = text.indexOf("-----END " + label + "-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("not a PEM " + label);
        }
        String body = text.substring(begin + label.length() + 16, end);
        return Base64.getMimeDecoder().decode(body);
    }
}
