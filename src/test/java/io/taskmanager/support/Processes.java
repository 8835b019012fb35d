package io.taskmanager.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the harness does the same way for every server it starts. */
final class Processes {

    private Processes() {
    }

    /** Adds {@code environment} to the inherited one; a null value removes that variable. */
    static void environment(ProcessBuilder builder, Map<String, String> environment) {
        environment.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
    }

    /** Polls {@code uri} until it answers 200; false when the deadline passes. */
    static boolean answers200(URI uri, Duration timeout) {
        return answers200(uri, timeout, () -> { });
    }

    /** As above; {@code stillRunning} runs before each attempt and throws to give up early (the server died). */
    static boolean answers200(URI uri, Duration timeout, Runnable stillRunning) {
        // HTTP/1.1: a request that times out takes its connection with it; an h2c connection
        // opened while the server was still booting can stay wedged and fail every later poll
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        return ServiceProcess.Poll.until(timeout, () -> {
            stillRunning.run();
            try {
                return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** A log file's content so far; empty when it does not exist (yet). */
    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the process whose PID a server wrote to {@code pidFile}: TERM, then KILL after a minute. */
    static void stopByPidFile(Path pidFile, String name) {
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(pid).ifPresent(server -> {
                server.destroy();
                try {
                    server.onExit().get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    server.destroyForcibly();
                }
            });
        } catch (IOException | NumberFormatException e) {
            System.err.println(name + ": cannot stop by PID: " + e);
        }
    }
}
