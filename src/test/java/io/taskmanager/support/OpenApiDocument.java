package io.taskmanager.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.taskmanager.TaskManagerApplication;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** A server's /openapi document (asked for as JSON), with the look-ups the document tests share. */
public record OpenApiDocument(JsonObject json) {

    /** Routes served outside JAX-RS: MicroProfile Health, the document and its page, /metrics. */
    private static final Set<String> SERVLET_ROUTES = Set.of("GET /health/live", "GET /health/ready", "GET /openapi", "GET /docs/",
            "GET /.well-known/jwks.json",
            "GET /metrics");

    public static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    public static OpenApiDocument of(Api api) {
        Api.Reply reply = api.request("GET", "/openapi").header("Accept", "application/json").send();
        assertEquals(200, reply.status(), reply::body);
        return new OpenApiDocument(reply.json());
    }

    /** Every operation as {@code "GET /api/tasks/{id}"} → its operation object. */
    public Map<String, JsonObject> operations() {
        Map<String, JsonObject> operations = new LinkedHashMap<>();
        JsonObject paths = json.getJsonObject("paths");
        for (String path : paths.keySet()) {
            paths.getJsonObject(path).forEach((method, operation) -> {
                if (METHODS.contains(method)) {
                    operations.put(method.toUpperCase(Locale.ROOT) + " " + path, operation.asJsonObject());
                }
            });
        }
        return operations;
    }

    /** A {@code $ref} object replaced by what it names (one level); anything else as it is. */
    public JsonObject resolve(JsonObject value) {
        if (!value.containsKey("$ref")) {
            return value;
        }
        JsonValue target = json;
        for (String step : value.getString("$ref").substring(2).split("/")) {
            target = target.asJsonObject().get(step.replace("~1", "/").replace("~0", "~"));
        }
        return target.asJsonObject();
    }

    /** Every {@code $ref} in the document that names nothing. */
    public List<String> danglingReferences() {
        List<String> dangling = new ArrayList<>();
        for (String ref : references(json, new ArrayList<>())) {
            JsonValue target = json;
            for (String step : ref.substring(2).split("/")) {
                target = target instanceof JsonObject object ? object.get(step) : null;
            }
            if (!ref.startsWith("#/") || target == null) {
                dangling.add(ref);
            }
        }
        return dangling;
    }

    /** Components nothing refers to: left-overs, or parts a server generated on its own. */
    public Set<String> unusedComponents() {
        Set<String> referenced = new TreeSet<>(references(json, new ArrayList<>()));
        Set<String> unused = new TreeSet<>();
        JsonObject components = json.getJsonObject("components");
        for (String kind : components.keySet()) {
            if (kind.equals("securitySchemes")) {
                continue;
            }
            for (String name : components.getJsonObject(kind).keySet()) {
                if (!referenced.contains("#/components/" + kind + "/" + name)) {
                    unused.add(kind + "/" + name);
                }
            }
        }
        return unused;
    }

    private static List<String> references(JsonValue value, List<String> found) {
        if (value instanceof JsonObject object) {
            object.forEach((key, child) -> {
                if (key.equals("$ref") && child instanceof JsonString ref) {
                    found.add(ref.getString());
                } else {
                    references(child, found);
                }
            });
        } else if (value instanceof JsonArray array) {
            array.forEach(child -> references(child, found));
        }
        return found;
    }

    /** {@code "METHOD /path"} for every route the WAR's code declares: its resource methods and servlets. */
    public static Set<String> declaredRoutes() {
        Set<String> routes = new TreeSet<>(SERVLET_ROUTES);
        try {
            routes.addAll(jaxRsRoutes());
        } catch (IOException | URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read the WAR's classes", e);
        }
        return routes;
    }

    private static Set<String> jaxRsRoutes() throws IOException, URISyntaxException, ClassNotFoundException {
        String base = TaskManagerApplication.PATH;
        java.nio.file.Path classes = Paths.get(TaskManagerApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> routes = new TreeSet<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, OpenApiDocument.class.getClassLoader());
                Path resource = type.getAnnotation(Path.class);
                if (resource == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    for (Annotation annotation : method.getAnnotations()) {
                        HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
                        if (http != null) {
                            Path sub = method.getAnnotation(Path.class);
                            routes.add(http.value().toUpperCase(Locale.ROOT) + " " + base + "/" + resource.value()
                                    + (sub == null ? "" : "/" + sub.value()));
                        }
                    }
                }
            }
        }
        return routes;
    }
}
