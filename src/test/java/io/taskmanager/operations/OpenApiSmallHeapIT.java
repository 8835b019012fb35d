package io.taskmanager.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Metrics;
import io.taskmanager.support.OpenApiDocument;
import io.taskmanager.support.ServiceProcess;
import io.taskmanager.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Issue 17, item 6 (RELIABILITY.md, SECURITY.md): {@code /openapi}, which anyone may ask for and
 * the /docs page asks for on every visit, with the heap a small container gives. Before, Payara
 * built the document on the first request by parsing every class of the 40 MB WAR: about 20 s,
 * then OutOfMemoryError, and with {@code -XX:+ExitOnOutOfMemoryError} (as the image runs) the
 * process was gone. Now the document is built with the WAR and served as it is: the first
 * request and every one after answer at once, and the process and its heap stay as they were.
 * The served document is the one the build made, in both of its forms.
 */
class OpenApiSmallHeapIT {

    private static final String HEAP = "256m";
    private static final int REQUESTS = 200;
    /** Generous: the answer is bytes held in memory; the old first request took about 20 s. */
    private static final Duration FIRST_ANSWER = Duration.ofSeconds(10);
    private static final Duration LATER_ANSWER = Duration.ofSeconds(2);

    private static ServiceProcess service;
    private static Api api;
    /** The first request for the document this process answered, sent as soon as it was ready. */
    private static Reply first;
    private static Duration firstTook;

    @BeforeAll
    static void start() {
        TestEnvironment.createDatabase("openapi_small_heap");
        Map<String, String> environment = new java.util.HashMap<>(TestEnvironment.serverEnvironment("openapi_small_heap"));
        Path jar = Path.of(System.getProperty("taskmanager.build.dir", "target"), "task-manager-microbundle.jar");
        service = ServiceProcess.launch("openapi-small-heap", environment, (port, root) -> List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP, "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + root.toAbsolutePath(),
                "-jar", jar.toAbsolutePath().toString()));
        // a small heap starts slower, more so on a busy machine
        service.awaitReady(Duration.ofMinutes(6));
        api = Api.at(service.baseUri());
        // before any other: the old server built the document on this one
        long started = System.nanoTime();
        try {
            first = api.request("GET", "/openapi").header("Accept", "application/json").send();
        } catch (RuntimeException e) {
            first = new Reply(-1, null, e + " (the process " + (service.isAlive() ? "still runs" : "has exited") + ")");
        }
        firstTook = Duration.ofNanos(System.nanoTime() - started);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void everyRequestForTheDocumentIsAnsweredAtOnceAndTheProcessStays() {
        assertEquals(200, first.status(), () -> first.body() + " after " + firstTook);
        assertTrue(firstTook.compareTo(FIRST_ANSWER) < 0, () -> "the first /openapi took " + firstTook);

        // what the /docs page, a browser, curl and a client asking by query ask for, over and over
        List<String[]> asks = List.of(
                new String[] {"/openapi", "application/json,*/*"},
                new String[] {"/openapi", null},
                new String[] {"/openapi?format=json", null},
                new String[] {"/openapi/", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"});
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String[] ask = asks.get(i % asks.size());
            Api.Request request = api.request("GET", ask[0]);
            long started = System.nanoTime();
            Reply reply = (ask[1] == null ? request : request.header("Accept", ask[1])).send();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(200, reply.status(), () -> ask[0] + " " + reply.body());
            assertTrue(took.compareTo(LATER_ANSWER) < 0, () -> ask[0] + " took " + took);
            assertTrue(reply.body().length() > 40_000, () -> ask[0] + " answered only " + reply.body().length() + " characters");
            millis.add(took.toMillis());
        }
        assertTrue(service.isAlive(), "the service exited; see target/it-logs/openapi-small-heap.log");
        assertTrue(api.request("GET", "/health/ready").send().status() == 200, "the service is no longer ready");
        assertEquals(200, api.request("GET", "/docs/").send().status());

        Collections.sort(millis);
        Metrics metrics = Metrics.scrape(api);
        double heapUsed = metrics.series().entrySet().stream()
                .filter(series -> series.getKey().startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .mapToDouble(Map.Entry::getValue).sum();
        report(String.format("-Xmx%s: first GET /openapi %d ms; %d more: median %d ms, p99 %d ms, max %d ms; heap used afterwards %.0f MiB; process alive",
                HEAP, firstTook.toMillis(), REQUESTS, millis.get(millis.size() / 2), millis.get(millis.size() * 99 / 100),
                millis.get(millis.size() - 1), heapUsed / (1024 * 1024)));
    }

    @Test
    void theServedDocumentIsTheOneTheBuildMadeInBothForms() throws IOException {
        Path built = Path.of(System.getProperty("taskmanager.build.dir", "target"), "openapi");
        String builtJson = Files.readString(built.resolve("openapi.json"), StandardCharsets.UTF_8);
        String builtYaml = Files.readString(built.resolve("openapi.yaml"), StandardCharsets.UTF_8);

        Reply json = api.request("GET", "/openapi").header("Accept", "application/json").send();
        assertEquals(200, json.status());
        assertTrue(json.header("Content-Type").orElse("").startsWith("application/json"), json.headers()::toString);
        assertEquals(read(builtJson), json.json());
        assertEquals(read(builtJson), api.request("GET", "/openapi?format=JSON").send().json());

        Reply yaml = api.request("GET", "/openapi").send();
        assertEquals(200, yaml.status());
        assertTrue(yaml.header("Content-Type").orElse("").startsWith("text/plain"), yaml.headers()::toString);
        assertEquals(builtYaml, yaml.body());
        // both forms carry one document
        assertEquals(yamlTree(json.body()), yamlTree(yaml.body()));

        // and it is complete: every route the code declares, nothing dangling, nothing unused
        OpenApiDocument document = new OpenApiDocument(json.json());
        assertEquals(OpenApiDocument.declaredRoutes(), new TreeSet<>(document.operations().keySet()));
        assertEquals(List.of(), document.danglingReferences());
        assertEquals(java.util.Set.of(), document.unusedComponents());
        assertEquals("3.0.3", document.json().getString("openapi"));
        assertEquals("/", document.json().getJsonArray("servers").getJsonObject(0).getString("url"));
    }

    @Test
    void onlyTheDocumentIsServedThere() {
        Api.assertError(api.request("GET", "/openapi/anything").send(), 404, "NOT_FOUND");
        Api.assertError(api.request("GET", "/openapi").header("Accept", "text/html").send(), 406, "NOT_ACCEPTABLE");
        Api.assertError(api.request("POST", "/openapi").json("{}").send(), 405, "METHOD_NOT_ALLOWED");
        Reply options = api.request("OPTIONS", "/openapi").send();
        assertEquals(200, options.status());
        assertEquals("GET, HEAD, OPTIONS", options.header("Allow").orElse(""));
        Reply head = api.request("HEAD", "/openapi").send();
        assertEquals(200, head.status());
        assertEquals("", head.body());
    }

    private static JsonObject read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    /** A YAML (or JSON) text as a tree, with times kept as the strings they are in the JSON form. */
    private static Object yamlTree(String text) {
        Resolver noTimestamps = new Resolver() {
            @Override
            protected void addImplicitResolvers() {
                addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.BOOL, BOOL, "yYnNtTfFoO", 10);
                addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.INT, INT, "-+0123456789");
                addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.FLOAT, FLOAT, "-+0123456789.", 10);
                addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.MERGE, MERGE, "<", 10);
                addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, NULL, "~nN\0", 10);
                addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, EMPTY, null, 10);
            }
        };
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(10 * 1024 * 1024);
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(), options, noTimestamps)
                .load(text);
    }

    private static void report(String line) {
        System.out.println("[openapi-small-heap] " + line);
        try {
            Files.writeString(Path.of(System.getProperty("taskmanager.build.dir", "target"), "openapi-small-heap-report.txt"),
                    line + System.lineSeparator());
        } catch (IOException e) {
            System.err.println("could not write the report: " + e);
        }
    }
}
