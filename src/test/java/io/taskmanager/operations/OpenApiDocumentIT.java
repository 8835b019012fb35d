package io.taskmanager.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.OpenApiDocument;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the running service serves (built with the WAR from the resources'
 * MicroProfile OpenAPI annotations and META-INF/openapi.yaml) against the routes the service
 * really has, in both directions, and against what its answers really look like.
 */
class OpenApiDocumentIT {

    private static final List<String> PROBED_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private final Api api = Api.service();
    private final OpenApiDocument document = OpenApiDocument.of(api);

    @Test
    void everyRouteTheCodeDeclaresIsDocumentedAndNothingElse() {
        assertEquals(OpenApiDocument.declaredRoutes(), new TreeSet<>(document.operations().keySet()));
    }

    @Test
    void theServerAnswersEveryDocumentedOperationAndRefusesEveryOtherMethodOnThosePaths() {
        String token = api.freshToken();
        Map<String, JsonObject> operations = document.operations();
        Set<String> paths = new TreeSet<>();
        operations.keySet().forEach(operation -> paths.add(operation.substring(operation.indexOf(' ') + 1)));
        for (String path : paths) {
            String concrete = path.replace("{id}", "1").replace("{ip}", "192.0.2.1");
            for (String method : PROBED_METHODS) {
                // a body only where HTTP allows one: the listener refuses a GET or DELETE with a body
                Api.Request request = api.request(method, concrete).bearer(token);
                Reply answer = (method.startsWith("P") ? request.json("{}") : request).send();
                if (operations.containsKey(method + " " + path)) {
                    assertTrue(answer.status() != 405 && !(answer.status() == 404 && answer.body().contains("\"NOT_FOUND\"") && !path.contains("{")),
                            () -> method + " " + path + " is documented but answers " + answer.status() + " " + answer.body());
                } else {
                    assertEquals(405, answer.status(), () -> method + " " + path + " is not documented but answers " + answer.body());
                }
            }
        }
    }

    @Test
    void everyOperationIsNamedTaggedAndAnswersErrorsWithTheEnvelope() {
        Set<String> operationIds = new HashSet<>();
        document.operations().forEach((name, operation) -> {
            assertTrue(operationIds.add(operation.getString("operationId")), () -> "operationId of " + name + " is not unique");
            assertFalse(operation.getString("summary", "").isBlank(), () -> name + " has no summary");
            assertFalse(operation.getJsonArray("tags").isEmpty(), () -> name + " has no tag");
            JsonObject responses = operation.getJsonObject("responses");
            assertTrue(responses.keySet().stream().anyMatch(code -> code.startsWith("2")), () -> name + " documents no success");
            if (!name.startsWith("GET /health") && !name.equals("GET /openapi")) {
                responses.forEach((code, response) -> {
                    if (code.startsWith("4") || code.startsWith("5")) {
                        JsonObject content = document.resolve(response.asJsonObject()).getJsonObject("content");
                        assertTrue(content != null && content.containsKey("application/json")
                                        && content.getJsonObject("application/json").getJsonObject("schema").getString("$ref").endsWith("/ErrorEnvelope"),
                                () -> name + " " + code + " is not in the error envelope: " + response);
                        assertTrue(content.containsKey("application/problem+json"), () -> name + " " + code + " has no problem form");
                    }
                });
            }
        });
    }

    @Test
    void protectedOperationsSayTheyNeedATokenAndPublicOnesDoNot() {
        document.operations().forEach((name, operation) -> {
            String method = name.substring(0, name.indexOf(' '));
            String path = name.substring(name.indexOf(' ') + 1).replace("{id}", "1").replace("{ip}", "192.0.2.1");
            // every operation says it: a bearer requirement, or none at all (security: [])
            assertTrue(operation.containsKey("security"), () -> name + " does not say whether it needs a token");
            boolean documentedAsProtected = !operation.getJsonArray("security").isEmpty();
            // no body: the token is checked first, where a body might be refused for itself first
            Reply anonymous = api.request(method, path).send();
            assertEquals(documentedAsProtected, anonymous.status() == 401,
                    () -> name + ": security " + operation.get("security") + " but an anonymous call answers " + anonymous.status());
        });
    }

    @Test
    void theProtocolHeadersAreDocumentedWhereTheyApply() {
        Map<String, JsonObject> operations = document.operations();
        for (String name : List.of("GET /api/tasks/{id}", "PUT /api/tasks/{id}", "PATCH /api/tasks/{id}", "DELETE /api/tasks/{id}")) {
            assertTrue(parameterNames(operations.get(name)).contains("If-Match"), name + " documents no If-Match");
        }
        assertTrue(parameterNames(operations.get("POST /api/tasks")).contains("Idempotency-Key"));
        assertTrue(parameterNames(operations.get("GET /api/tasks/{id}")).contains("If-None-Match"));
        JsonObject created = operations.get("POST /api/tasks").getJsonObject("responses").getJsonObject("201").getJsonObject("headers");
        assertTrue(created.keySet().containsAll(Set.of("Location", "ETag", "Idempotent-Replayed")), created::toString);
        JsonObject limited = document.resolve(operations.get("POST /api/auth/login").getJsonObject("responses").getJsonObject("429"));
        assertTrue(limited.getJsonObject("headers").keySet().containsAll(Set.of("Retry-After", "RateLimit-Policy", "RateLimit")), limited::toString);
        Set<String> listQuery = parameterNames(operations.get("GET /api/tasks"));
        assertEquals(Set.of("completion", "title", "q", "priority", "after", "before", "due_after", "due_before", "cursor", "limit"), listQuery);
    }

    @Test
    void everyReferenceResolvesAndEveryComponentIsUsed() {
        assertEquals(List.of(), document.danglingReferences());
        assertEquals(Set.of(), document.unusedComponents());
    }

    private Set<String> parameterNames(JsonObject operation) {
        Set<String> names = new TreeSet<>();
        if (operation.containsKey("parameters")) {
            for (JsonValue parameter : operation.getJsonArray("parameters")) {
                JsonObject resolved = document.resolve(parameter.asJsonObject());
                if (!resolved.getString("in").equals("path")) {
                    names.add(resolved.getString("name"));
                }
            }
        }
        return names;
    }
}
