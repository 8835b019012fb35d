package io.taskmanager.accounts.control;

import io.taskmanager.platform.ServiceMode;
import io.taskmanager.platform.StartupCheck;
import io.taskmanager.platform.StartupChecks;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.Config;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.HashUtil;

/**
 * The RSA key pair that signs and verifies this service's tokens, and the checks that keep
 * a production start from using the development pair that ships in the WAR, or a pair whose
 * halves do not match. The settings keep MicroProfile JWT's names for the public key.
 */
@ApplicationScoped
public class SigningKeys {

    static final String SIGNING_KEY_LOCATION = "taskmanager.jwt.signing-key.location";
    static final String VERIFICATION_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    static final String INLINE_VERIFICATION_KEY = "mp.jwt.verify.publickey";
    /** Public keys (PEM, one or more) of signing keys retired by a rotation: their tokens stay valid until they expire. */
    static final String PREVIOUS_VERIFICATION_KEYS = "taskmanager.jwt.previous-verification-keys";
    private static final Pattern PEM_PUBLIC_KEY = Pattern.compile("-----BEGIN PUBLIC KEY-----[^-]*-----END PUBLIC KEY-----");
    static final String DEVELOPMENT_SIGNING_KEY = "META-INF/jwt/development-only-signing-key.pem";
    static final String DEVELOPMENT_VERIFICATION_KEY = "META-INF/jwt/development-only-verification-key.pem";
    private static final int MINIMUM_RSA_BITS = 2048;

    @Inject
    Config config;

    @Inject
    ServiceMode mode;

    private volatile PrivateKey signingKey;
    private volatile PublicKey verificationKey;
    /** Every key a token of this service may be signed with, by key id (RFC 7638 thumbprint): the current one first. */
    private volatile Map<String, PublicKey> verificationKeys;
    private volatile String keyId;
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

    /** The key id of the current signing key: its RFC 7638 thumbprint, in every token's header. */
    public String keyId() {
        if (keyId == null) {
            requireUsableKeys();
        }
        return keyId;
    }

    /** The current verification key and the previous ones, by key id, the current one first. */
    public Map<String, PublicKey> verificationKeys() {
        if (verificationKeys == null) {
            requireUsableKeys();
        }
        return verificationKeys;
    }

    /** Hex HMAC-SHA256 of {@code text} under the key derived for {@code purpose}: how mailed codes are stored. */
    public String mac(String purpose, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(derivedKey(purpose));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public PublicKey verificationKey() {
        PublicKey key = verificationKey;
        if (key == null) {
            requireUsableKeys();
            key = verificationKey;
        }
        return key;
    }

    /**
     * Loads and cross-checks both keys; throws with a one-line reason when they are unusable.
     * Only a development start falls back to, or accepts, the pair that ships in the WAR.
     */
    void requireUsableKeys(@Observes @Priority(1) StartupCheck check) {
        requireUsableKeys();
    }

    public synchronized void requireUsableKeys() {
        boolean development = mode.development();
        String signingLocation = value(SIGNING_KEY_LOCATION);
        String verificationLocation = value(VERIFICATION_KEY_LOCATION);
        String inlineKey = value(INLINE_VERIFICATION_KEY);
        if (development && signingLocation.isEmpty() && verificationLocation.isEmpty() && inlineKey.isEmpty()) {
            signingLocation = "classpath:" + DEVELOPMENT_SIGNING_KEY;
            verificationLocation = DEVELOPMENT_VERIFICATION_KEY;
        }
        if (signingLocation.isEmpty()) {
            throw StartupChecks.refuse("no JWT signing key: set TASKMANAGER_JWT_SIGNING_KEY_LOCATION (" + SIGNING_KEY_LOCATION
                    + ", a PKCS#8 PEM file) and MP_JWT_VERIFY_PUBLICKEY_LOCATION (its public key, a file: URL); see docs/configuration.md, \"Keys\"");
        }
        if (verificationLocation.isEmpty() && inlineKey.isEmpty()) {
            throw StartupChecks.refuse("no JWT verification key: set MP_JWT_VERIFY_PUBLICKEY_LOCATION (" + VERIFICATION_KEY_LOCATION
                    + ", a file: URL of the signing key's public key)");
        }
        PrivateKey privateKey;
        PublicKey publicKey;
        try {
            privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(read(signingLocation, true), "PRIVATE KEY")));
            byte[] publicPem = !inlineKey.isEmpty() ? inlineKey.getBytes(StandardCharsets.US_ASCII) : read(verificationLocation, false);
            publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pem(publicPem, "PUBLIC KEY")));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw StartupChecks.refuse("cannot read the JWT keys (" + SIGNING_KEY_LOCATION + "=" + signingLocation + ", "
                    + VERIFICATION_KEY_LOCATION + "=" + verificationLocation + "): an RSA key in PEM form is expected ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (((RSAPublicKey) publicKey).getModulus().bitLength() < MINIMUM_RSA_BITS) {
            throw StartupChecks.refuse("the JWT signing key has " + ((RSAPublicKey) publicKey).getModulus().bitLength()
                    + " bits; RS256 needs at least " + MINIMUM_RSA_BITS);
        }
        if (!formPair(privateKey, publicKey)) {
            throw StartupChecks.refuse("the JWT signing key and the verification key (" + VERIFICATION_KEY_LOCATION + ") are not a pair");
        }
        if (!development && isDevelopmentKey(privateKey)) {
            throw StartupChecks.refuse("the development-only JWT key pair is refused outside development mode:"
                    + " set TASKMANAGER_JWT_SIGNING_KEY_LOCATION and MP_JWT_VERIFY_PUBLICKEY_LOCATION to your own key pair");
        }
        Map<String, PublicKey> byId = new LinkedHashMap<>();
        byId.put(thumbprint(publicKey), publicKey);
        Matcher previous = PEM_PUBLIC_KEY.matcher(value(PREVIOUS_VERIFICATION_KEYS));
        int count = 0;
        while (previous.find()) {
            count++;
            try {
                PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                        pem(previous.group().getBytes(StandardCharsets.US_ASCII), "PUBLIC KEY")));
                if (((RSAPublicKey) key).getModulus().bitLength() < MINIMUM_RSA_BITS) {
                    throw new IllegalArgumentException("fewer than " + MINIMUM_RSA_BITS + " bits");
                }
                byId.putIfAbsent(thumbprint(key), key);
            } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
                throw StartupChecks.refuse("cannot read key " + count + " of " + PREVIOUS_VERIFICATION_KEYS
                        + ": RSA public keys of at least " + MINIMUM_RSA_BITS + " bits in PEM form are expected (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (count == 0 && !value(PREVIOUS_VERIFICATION_KEYS).isEmpty()) {
            throw StartupChecks.refuse(PREVIOUS_VERIFICATION_KEYS + " holds no \"-----BEGIN PUBLIC KEY-----\" block");
        }
        signingKey = privateKey;
        verificationKey = publicKey;
        verificationKeys = Collections.unmodifiableMap(byId);
        keyId = thumbprint(publicKey);
    }

    /** RFC 7638: the base64url SHA-256 of the key's required members, the same on every instance. */
    static String thumbprint(PublicKey key) {
        return new RsaJsonWebKey((RSAPublicKey) key).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
    }

    private String value(String name) {
        return config.getOptionalValue(name, String.class).map(String::strip).orElse("");
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
