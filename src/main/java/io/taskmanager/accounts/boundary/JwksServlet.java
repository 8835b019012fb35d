package io.taskmanager.accounts.boundary;

import io.taskmanager.accounts.control.SigningKeys;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * GET /.well-known/jwks.json: this service's verification keys (RFC 7517), each with the key
 * id its tokens name, so other services can verify them: the current key and any a rotation
 * retired (taskmanager.jwt.previous-verification-keys). Public by nature.
 */
@WebServlet(name = "Jwks", urlPatterns = JwksServlet.PATH)
public class JwksServlet extends HttpServlet {

    public static final String PATH = "/.well-known/jwks.json";

    @Inject
    SigningKeys keys;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (Map.Entry<String, PublicKey> key : keys.verificationKeys().entrySet()) {
            RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) key.getValue());
            JsonObjectBuilder entry = Json.createObjectBuilder()
                    .add("kty", "RSA")
                    .add("use", "sig")
                    .add("alg", "RS256")
                    .add("kid", key.getKey());
            jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).forEach((name, value) -> {
                if (name.equals("n") || name.equals("e")) {
                    entry.add(name, value.toString());
                }
            });
            list.add(entry);
        }
        byte[] body = Json.createObjectBuilder().add("keys", list).build().toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json;charset=UTF-8");
        // a verifier may keep them a while; a rotation publishes the new key before it signs (docs/security.md)
        response.setHeader("Cache-Control", "public, max-age=300");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Allow", "GET, HEAD, OPTIONS");
    }
}
