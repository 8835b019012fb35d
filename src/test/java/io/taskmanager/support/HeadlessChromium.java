package io.taskmanager.support;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One headless Chromium with one page, driven over the Chrome DevTools Protocol with only the JDK's
 * WebSocket client and JSON-P: no WebDriver binary to download (CI reaches no network but Debian's packages).
 *
 * <pre>{@code
 * try (HeadlessChromium browser = HeadlessChromium.launch(Path.of("target/chromium"))) {
 *     browser.navigate(url);
 *     browser.waitFor("document.querySelector('#done')?.textContent", Duration.ofSeconds(10));
 *     browser.screenshot(Path.of("target/chromium/page.png"), true);
 *     browser.assertNoConsoleErrors();
 * }
 * }</pre>
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final int WIDTH = 1280;
    public static final int HEIGHT = 1600;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Pattern DEVTOOLS_LINE = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path home;
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final List<EventWaiter> waiters = new CopyOnWriteArrayList<>();
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object sendLock = new Object();
    private final Thread shutdownHook;
    private final WebSocket socket;
    private final String sessionId;
    private volatile String brokenReason;

    /** A JavaScript exception (or rejected promise) raised by {@link #evaluate}. */
    public static final class JavaScriptException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JavaScriptException(String message) {
            super(message);
        }
    }

    private record EventWaiter(String method, CompletableFuture<JsonObject> future) {
    }

    /** The chromium binary: {@code $CHROMIUM} when set, else {@code chromium} or {@code chromium-browser} on the PATH or in /usr/bin. */
    public static Optional<Path> find() {
        String fromEnv = System.getenv("CHROMIUM");
        if (fromEnv != null && !fromEnv.isBlank()) {
            // An explicit choice that is wrong should fail, not silently fall back to another browser.
            return Optional.of(Path.of(fromEnv)).filter(Files::isExecutable);
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/bin");
        return Stream.of("chromium", "chromium-browser")
                .flatMap(name -> dirs.stream().filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Starts {@link #find()}'s chromium; its profile and stderr log go into a new folder under {@code workDir}. */
    public static HeadlessChromium launch(Path workDir) throws IOException {
        Path binary = find().orElseThrow(() -> new IllegalStateException(
                "no chromium found: apt-get install -y --no-install-recommends chromium, or set CHROMIUM to its path"));
        return launch(binary, workDir);
    }

    public static HeadlessChromium launch(Path binary, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        return new HeadlessChromium(binary, Files.createTempDirectory(workDir.toAbsolutePath(), "chromium-"));
    }

    private HeadlessChromium(Path binary, Path home) throws IOException {
        this.home = home;
        process = new ProcessBuilder(binary.toString(),
                "--headless=new",
                "--no-sandbox", // the sandbox refuses to run as root, and CI runs as root
                "--disable-gpu",
                "--disable-dev-shm-usage", // containers often have a tiny /dev/shm
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-sync",
                "--mute-audio",
                "--hide-scrollbars",
                "--user-data-dir=" + home.resolve("profile"),
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", // no fixed port to collide on; the real one is read from stderr
                "--window-size=" + WIDTH + "," + HEIGHT,
                "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(home.resolve("stderr.log").toFile())
                .start();
        shutdownHook = new Thread(() -> killTree(List.of()));
        Runtime.getRuntime().addShutdownHook(shutdownHook); // a test JVM that dies without close() leaves no browser behind
        try {
            process.onExit().thenRun(() -> broken("chromium exited with code " + process.exitValue()));
            String url = devToolsUrl();
            // No Origin header is sent by the JDK client, so chromium's --remote-allow-origins check does not apply.
            socket = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()
                    .newWebSocketBuilder().connectTimeout(START_TIMEOUT)
                    .buildAsync(URI.create(url), new Listener())
                    .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            // One socket for everything: flatten=true routes the page's traffic over it, tagged with sessionId.
            String targetId = call(null, "Target.createTarget", params().add("url", "about:blank"), COMMAND_TIMEOUT)
                    .getString("targetId");
            sessionId = call(null, "Target.attachToTarget", params().add("targetId", targetId).add("flatten", true),
                    COMMAND_TIMEOUT).getString("sessionId");
            send("Page.enable", params());
            send("Runtime.enable", params());
            send("Log.enable", params());
            // Fixed metrics make screenshots the same size on every machine, in CSS pixels.
            send("Emulation.setDeviceMetricsOverride", params().add("width", WIDTH).add("height", HEIGHT)
                    .add("deviceScaleFactor", 1).add("mobile", false));
        } catch (RuntimeException | InterruptedException | ExecutionException | TimeoutException e) {
            close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("cannot start chromium: " + e.getMessage() + stderrSummary(), e);
        }
    }

    /** Navigates and waits for the load event; a navigation that fails (connection refused, bad URL) throws. */
    public void navigate(String url) {
        navigate(url, COMMAND_TIMEOUT);
    }

    public void navigate(String url, Duration timeout) {
        // Listen before sending: the event may come before Page.navigate's answer is read.
        CompletableFuture<JsonObject> loaded = nextEvent("Page.loadEventFired");
        try {
            JsonObject result = send("Page.navigate", params().add("url", url));
            if (result.containsKey("errorText")) {
                throw new IllegalStateException("navigation to " + url + " failed: " + result.getString("errorText"));
            }
            if (result.containsKey("loaderId")) { // a same-document navigation (#fragment) fires no load event
                await(loaded, timeout, "the load event of " + url);
            }
        } finally {
            loaded.cancel(false);
        }
    }

    /** Evaluates {@code expression} in the page, awaiting a promise; the result by value, JSON null for undefined. */
    public JsonValue evaluate(String expression) {
        return evaluate(expression, COMMAND_TIMEOUT);
    }

    private JsonValue evaluate(String expression, Duration timeout) {
        JsonObject answer = call(sessionId, "Runtime.evaluate", params().add("expression", expression)
                .add("awaitPromise", true).add("returnByValue", true).add("userGesture", true), timeout);
        if (answer.containsKey("exceptionDetails")) {
            throw new JavaScriptException(describe(answer.getJsonObject("exceptionDetails")) + "\n  in: " + expression);
        }
        JsonObject result = answer.getJsonObject("result");
        if (result.containsKey("unserializableValue")) { // NaN, Infinity, -0, bigint
            return Json.createValue(result.getString("unserializableValue"));
        }
        return result.getOrDefault("value", JsonValue.NULL);
    }

    /** {@link #evaluate}'s result as text: a JS string as is, null for null/undefined, anything else as JSON. */
    public String evaluateString(String expression) {
        return text(evaluate(expression));
    }

    /**
     * Polls {@code expression} every 100 ms until it is truthy and returns that value; an expression that throws
     * counts as not yet. Fails with the last value (and console errors) once {@code timeout} has passed.
     */
    public JsonValue waitFor(String expression, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String last;
            try {
                JsonValue value = evaluate(expression, Duration.ofNanos(Math.max(left, 0)).plusSeconds(5));
                if (truthy(value)) {
                    return value;
                }
                last = value.toString();
            } catch (JavaScriptException e) {
                last = "threw " + e.getMessage().lines().findFirst().orElse("");
            }
            left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + expression
                        + "\n  last value: " + last
                        + (consoleErrors.isEmpty() ? "" : "\n  console errors: " + consoleErrors));
            }
            sleep(Math.min(left, POLL_INTERVAL.toNanos()));
        }
    }

    /** Writes a PNG of the viewport, or of the whole page when {@code fullPage}; returns {@code file}. */
    public Path screenshot(Path file, boolean fullPage) throws IOException {
        JsonObjectBuilder params = params().add("format", "png");
        if (fullPage) {
            JsonObject size = send("Page.getLayoutMetrics", params()).getJsonObject("cssContentSize");
            params.add("captureBeyondViewport", true).add("clip", params().add("x", 0).add("y", 0)
                    .add("width", size.getJsonNumber("width").doubleValue())
                    .add("height", size.getJsonNumber("height").doubleValue()).add("scale", 1));
        }
        byte[] png = Base64.getDecoder().decode(send("Page.captureScreenshot", params).getString("data"));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.write(file, png);
    }

    /** Sends a raw CDP command to the page and returns its result, for what the helpers above do not cover. */
    public JsonObject send(String method, JsonObjectBuilder params) {
        return call(sessionId, method, params, COMMAND_TIMEOUT);
    }

    /** console.error / console.assert calls, uncaught exceptions and browser-logged errors (failed loads) so far. */
    public List<String> consoleErrors() {
        return List.copyOf(consoleErrors);
    }

    public void assertNoConsoleErrors() {
        if (!consoleErrors.isEmpty()) {
            throw new AssertionError("browser console errors:\n  " + String.join("\n  ", consoleErrors));
        }
    }

    /** The folder with this browser's profile and {@code stderr.log}; it is left in place for inspection. */
    public Path home() {
        return home;
    }

    /** A Java string as a JavaScript string literal, to put selectors or values into expressions safely. */
    public static String js(String value) {
        return Json.createValue(value).toString();
    }

    /** Asks the browser to quit, then ends the process and every descendant it left, forcibly if need be. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Taken before the browser exits: its orphans are reparented and no longer show up as its descendants.
        List<ProcessHandle> tree = process.descendants().toList();
        if (socket != null && brokenReason == null) {
            try {
                callAsync(null, "Browser.close", params());
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (RuntimeException e) {
                // fall through to killing it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (socket != null) {
            socket.abort();
        }
        killTree(tree);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
    }

    private void killTree(List<ProcessHandle> known) {
        List<ProcessHandle> all = Stream.of(known.stream(), process.descendants(), Stream.of(process.toHandle()))
                .flatMap(s -> s).distinct().toList();
        all.stream().filter(HeadlessChromium::running).forEach(ProcessHandle::destroy);
        if (!gone(all, Duration.ofSeconds(3))) {
            all.forEach(ProcessHandle::destroyForcibly);
            gone(all, Duration.ofSeconds(2));
        }
    }

    private static boolean gone(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Polled rather than onExit(): for a non-child the JDK polls every 300+ ms, and counts zombies as alive.
        while (processes.stream().anyMatch(HeadlessChromium::running)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static boolean running(ProcessHandle p) {
        // Zygotes outlive the browser by a moment and become zombies of PID 1: they hold nothing and cannot be killed.
        try {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return p.isAlive();
        }
    }

    private CompletableFuture<JsonObject> nextEvent(String method) {
        EventWaiter waiter = new EventWaiter(method, new CompletableFuture<>());
        waiters.add(waiter);
        waiter.future.whenComplete((r, e) -> waiters.remove(waiter));
        return waiter.future;
    }

    private JsonObject call(String session, String method, JsonObjectBuilder params, Duration timeout) {
        JsonObject answer;
        try {
            answer = await(callAsync(session, method, params), timeout, "the answer to " + method);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + stderrSummary(), e);
        }
        if (answer.containsKey("error")) {
            JsonObject error = answer.getJsonObject("error");
            throw new IllegalStateException(method + " failed: " + error.getString("message", "")
                    + (error.containsKey("data") ? " (" + text(error.get("data")) + ")" : ""));
        }
        return answer.getJsonObject("result");
    }

    private CompletableFuture<JsonObject> callAsync(String session, String method, JsonObjectBuilder params) {
        int id = ids.incrementAndGet();
        JsonObjectBuilder message = Json.createObjectBuilder().add("id", id).add("method", method).add("params", params);
        if (session != null) {
            message.add("sessionId", session);
        }
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        pending.put(id, answer);
        answer.whenComplete((r, e) -> pending.remove(id));
        String reason = brokenReason;
        if (reason != null) {
            answer.completeExceptionally(new IllegalStateException(reason));
            return answer;
        }
        // WebSocket allows one outstanding send at a time.
        synchronized (sendLock) {
            await(socket.sendText(message.build().toString(), true), COMMAND_TIMEOUT, "the socket to send " + method);
        }
        return answer;
    }

    private <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new IllegalStateException("timed out after " + timeout.toMillis() + " ms waiting for " + what);
        } catch (ExecutionException e) {
            throw new IllegalStateException("failed waiting for " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what, e);
        }
    }

    private void dispatch(String text) {
        JsonObject message;
        try (var reader = Json.createReader(new StringReader(text))) {
            message = reader.readObject();
        }
        if (message.containsKey("id")) {
            CompletableFuture<JsonObject> answer = pending.get(message.getInt("id"));
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        String method = message.getString("method", "");
        JsonObject params = message.getJsonObject("params");
        switch (method) {
            case "Runtime.consoleAPICalled" -> {
                String type = params.getString("type");
                if (type.equals("error") || type.equals("assert")) {
                    consoleErrors.add("console." + type + ": " + String.join(" ", params.getJsonArray("args")
                            .getValuesAs(JsonObject.class).stream().map(HeadlessChromium::remoteObject).toList()));
                }
            }
            case "Runtime.exceptionThrown" ->
                    consoleErrors.add("uncaught " + describe(params.getJsonObject("exceptionDetails")));
            case "Log.entryAdded" -> {
                JsonObject entry = params.getJsonObject("entry");
                if (entry.getString("level").equals("error")) {
                    consoleErrors.add(entry.getString("text") + (entry.containsKey("url") ? " " + entry.getString("url") : ""));
                }
            }
            case "Inspector.targetCrashed" -> broken("the page crashed");
            default -> { }
        }
        waiters.stream().filter(w -> w.method.equals(method)).forEach(w -> w.future.complete(params));
    }

    /** Fails everything waiting, now and later: the browser or its socket is gone. */
    private void broken(String reason) {
        if (brokenReason == null) {
            brokenReason = reason;
        }
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException(reason)));
        waiters.forEach(w -> w.future.completeExceptionally(new IllegalStateException(reason)));
    }

    /** Polls the stderr file: a file rather than a pipe, so nothing must keep draining it and it stays for a post-mortem. */
    private String devToolsUrl() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            Matcher m = DEVTOOLS_LINE.matcher(stderr());
            if (m.find()) {
                return m.group(1);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("chromium exited with code " + process.exitValue() + " before listening");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no 'DevTools listening on' line on stderr within " + START_TIMEOUT.toSeconds() + " s");
            }
            sleep(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private String stderr() {
        try {
            return new String(Files.readAllBytes(home.resolve("stderr.log")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private String stderrSummary() {
        // Without D-Bus in a container chromium logs a screenful of harmless dbus errors that would hide the real one.
        List<String> lines = stderr().lines().filter(l -> !l.isBlank() && !l.contains(":ERROR:dbus/")).toList();
        return lines.isEmpty() ? "" : "\n  chromium stderr (last lines, all in " + home.resolve("stderr.log") + "):\n    "
                + String.join("\n    ", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data); // large messages (screenshots) arrive in parts
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                try {
                    dispatch(text);
                } catch (RuntimeException e) {
                    System.err.println("HeadlessChromium: cannot handle " + abbreviate(text) + ": " + e);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            broken("DevTools socket closed (" + statusCode + " " + reason + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            broken("DevTools socket failed: " + error);
        }
    }

    private static String describe(JsonObject exceptionDetails) {
        JsonObject exception = exceptionDetails.getJsonObject("exception");
        if (exception != null) {
            return remoteObject(exception); // an Error's description carries its stack
        }
        String text = exceptionDetails.getString("text", "exception");
        return exceptionDetails.containsKey("url")
                ? text + " (" + exceptionDetails.getString("url") + ":" + (exceptionDetails.getInt("lineNumber", 0) + 1) + ")"
                : text;
    }

    private static String remoteObject(JsonObject o) {
        if (o.containsKey("value")) {
            return text(o.get("value"));
        }
        return o.getString("description", o.getString("unserializableValue", o.getString("type", "?")));
    }

    private static String text(JsonValue value) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        return value == null || value == JsonValue.NULL ? null : value.toString();
    }

    private static boolean truthy(JsonValue value) {
        return switch (value.getValueType()) {
            case NULL, FALSE -> false;
            case NUMBER -> ((JsonNumber) value).doubleValue() != 0;
            case STRING -> !((JsonString) value).getString().isEmpty();
            default -> true;
        };
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static JsonObjectBuilder params() {
        return Json.createObjectBuilder();
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling", e);
        }
    }
}
