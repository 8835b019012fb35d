package io.taskmanager.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.taskmanager.support.Api.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A server's own OpenAPI document as a judge of its answers: the status is declared for the
 * operation, the body matches its schema, and none of the service's own headers is sent
 * where the document does not declare it.
 */
public final class DocumentedAnswers {

    /** Headers this service sets itself; the listener's own (Date, Content-Length…) are not the document's business. */
    private static final Set<String> OWN_HEADERS = Set.of("ratelimit", "ratelimit-policy", "retry-after",
            "www-authenticate", "etag", "location", "idempotent-replayed", "allow", "cache-control");

    private final OpenApiInteractionValidator validator;
    private final JsonObject document;

    private DocumentedAnswers(String document) {
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
        this.document = Json.createReader(new StringReader(document)).readObject();
    }

    /** The document {@code api}'s server serves at /openapi. */
    public static DocumentedAnswers of(Api api) {
        Reply document = api.request("GET", "/openapi").header("Accept", "application/json").send();
        assertEquals(200, document.status());
        return new DocumentedAnswers(document.body());
    }

    public JsonObject document() {
        return document;
    }

    /** What the document says is wrong with {@code reply} to {@code method pathAndQuery}; empty when it is as documented. */
    public List<String> problems(String method, String pathAndQuery, Reply reply) {
        List<String> problems = new ArrayList<>();
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        SimpleResponse.Builder response = SimpleResponse.Builder.status(reply.status());
        reply.headers().map().forEach((name, values) -> response.withHeader(name, values));
        if (!reply.body().isEmpty()) {
            response.withBody(reply.body());
        }
        undeclaredHeaders(method, path, reply, problems);
        ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(method), response.build());
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR) {
                problems.add(method + " " + pathAndQuery + " " + reply.status() + ": " + message.getMessage());
            }
        }
        return problems;
    }

    private void undeclaredHeaders(String method, String path, Reply reply, List<String> problems) {
        JsonObject responses = operation(method, path).getJsonObject("responses");
        JsonObject response = responses.getJsonObject(Integer.toString(reply.status()));
        if (response == null) {
            return; // the validator reports the status itself
        }
        if (response.containsKey("$ref")) {
            String name = response.getString("$ref").substring("#/components/responses/".length());
            response = document.getJsonObject("components").getJsonObject("responses").getJsonObject(name);
        }
        Set<String> declared = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        declared.addAll(response.getJsonObject("headers") == null ? Set.of() : response.getJsonObject("headers").keySet());
        for (String header : reply.headers().map().keySet()) {
            if (OWN_HEADERS.contains(header.toLowerCase(Locale.ROOT)) && !declared.contains(header)) {
                problems.add(method + " " + path + " " + reply.status() + ": header " + header + " is sent but not declared");
            }
        }
    }

    private JsonObject operation(String method, String path) {
        for (Map.Entry<String, JsonValue> entry : document.getJsonObject("paths").entrySet()) {
            if (path.matches(entry.getKey().replaceAll("\\{[^}]+}", "[^/]+"))) {
                return entry.getValue().asJsonObject().getJsonObject(method.toLowerCase(Locale.ROOT));
            }
        }
        throw new AssertionError("no path in the document for " + path);
    }
}
