package io.taskmanager.operations;

import static io.taskmanager.support.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.support.Api;
import io.taskmanager.support.Api.Account;
import io.taskmanager.support.Api.Reply;
import io.taskmanager.support.Mailbox;
import io.taskmanager.support.Metrics;
import io.taskmanager.support.ServiceProcess.Poll;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** /metrics on the shared service: what operators chart and alert on moves with what users do. */
class MetricsIT {

    private final Api api = Api.service();

    @Test
    void requestsAreCountedByRouteTemplateMethodAndStatusWithLatencyBuckets() {
        String token = api.freshToken();
        long missing = 900_000_000L + (System.nanoTime() % 1_000_000);
        Metrics before = Metrics.scrape(api);

        assertError(api.get("/api/tasks/" + missing, token), 404, "NOT_FOUND");
        assertError(api.get("/api/tasks/" + (missing + 1), token), 404, "NOT_FOUND");
        assertEquals(200, api.get("/api/tasks", token).status());

        Metrics after = Metrics.scrape(api);
        String notFound = "{method=\"GET\",route=\"/api/tasks/{id}\",status=\"404\"}";
        assertEquals(2, after.since(before, "http_server_requests_seconds_count" + notFound), after::text);
        assertEquals(1, after.since(before, "http_server_requests_seconds_count{method=\"GET\",route=\"/api/tasks\",status=\"200\"}"), after::text);
        assertEquals(2, after.since(before, "http_server_requests_seconds_bucket{method=\"GET\",route=\"/api/tasks/{id}\",status=\"404\",le=\"+Inf\"}"));
        assertTrue(after.series().containsKey("http_server_requests_seconds_bucket{method=\"GET\",route=\"/api/tasks/{id}\",status=\"404\",le=\"0.1\"}"), after::text);
        assertTrue(after.since(before, "http_server_requests_seconds_sum" + notFound) > 0, after::text);
        // raw paths never become series: an id in a label would make one series per task
        assertFalse(after.text().contains(Long.toString(missing)), "a raw path reached a label");
    }

    @Test
    void madeUpMethodsAndUnknownPathsCannotAddSeries() {
        Metrics before = Metrics.scrape(api);

        assertEquals(405, api.request("BREW", "/api/tasks").send().status());
        assertEquals(405, api.request("WHEN", "/api/tasks").send().status());
        assertEquals(404, api.get("/no/such/page-" + System.nanoTime(), null).status());

        Metrics after = Metrics.scrape(api);
        assertEquals(2, after.since(before, "http_server_requests_seconds_count{method=\"OTHER\",route=\"/api/*\",status=\"405\"}"), after::text);
        assertEquals(1, after.since(before, "http_server_requests_seconds_count{method=\"GET\",route=\"static\",status=\"404\"}"), after::text);
        assertFalse(after.text().contains("BREW") || after.text().contains("no/such"), after::text);
    }

    @Test
    void aRejectedBearerTokenIsCountedUnderTheRouteItWasSentTo() {
        Metrics before = Metrics.scrape(api);

        Reply rejected = api.request("GET", "/api/tasks").header("Authorization", "Bearer not.a.token").send();

        assertError(rejected, 401, "UNAUTHORIZED");
        Metrics after = Metrics.scrape(api);
        assertEquals(1, after.since(before, "http_server_requests_seconds_count{method=\"GET\",route=\"/api/tasks\",status=\"401\"}"), after::text);
    }

    @Test
    void loginsAreCountedByOutcome() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        Metrics before = Metrics.scrape(api);

        api.login(account);
        assertError(api.postJson("/api/auth/login", "{\"username\": \"" + account.username() + "\", \"password\": \"wrong-Password-1\"}"),
                401, "INVALID_CREDENTIALS");
        assertError(api.postJson("/api/auth/login", "{\"username\": \"nobody-" + System.nanoTime() + "\", \"password\": \"wrong-Password-1\"}"),
                401, "INVALID_CREDENTIALS");

        Metrics after = Metrics.scrape(api);
        assertEquals(1, after.since(before, "taskmanager_logins_total{outcome=\"succeeded\"}"), after::text);
        assertEquals(2, after.since(before, "taskmanager_logins_total{outcome=\"failed\"}"), after::text);
        assertEquals(0, after.since(before, "taskmanager_logins_total{outcome=\"locked\"}"), after::text);
    }

    @Test
    void aResetMailIsCountedWhenQueuedAndWhenTheRelayTookIt() {
        Account account = Account.fresh();
        assertEquals(201, api.signup(account).status());
        Metrics before = Metrics.scrape(api);

        assertEquals(200, api.postJson("/api/auth/forget-password", "{\"email\": \"" + account.email() + "\"}").status());
        new Mailbox(account.email()).await(1);

        assertTrue(Poll.until(Duration.ofSeconds(10),
                        () -> Metrics.scrape(api).since(before, "taskmanager_mails_total{outcome=\"sent\"}") >= 1),
                "the sent mail was not counted");
        Metrics after = Metrics.scrape(api);
        assertEquals(1, after.since(before, "taskmanager_mails_total{outcome=\"queued\"}"), after::text);
        assertEquals(1, after.since(before, "taskmanager_mails_total{outcome=\"sent\"}"), after::text);
        assertEquals(0, after.since(before, "taskmanager_mails_total{outcome=\"failed\"}"), after::text);
    }

    @Test
    void theDatabasePoolAndTheJvmAreVisible() {
        Metrics metrics = Metrics.scrape(api);

        assertEquals(1, metrics.value("taskmanager_database_reachable"), metrics::text);
        double connections = metrics.value("taskmanager_database_connections{state=\"active\"}")
                + metrics.value("taskmanager_database_connections{state=\"idle\"}")
                + metrics.value("taskmanager_database_connections{state=\"idle_in_transaction\"}");
        // the pool keeps 4 connections open at least, one of them answered the scrape itself
        assertTrue(connections >= 3 && connections <= 10, metrics::text);
        assertTrue(metrics.series().keySet().stream().anyMatch(s -> s.startsWith("jvm_memory_used_bytes{")), metrics::text);
        assertTrue(metrics.value("jvm_threads_live_threads") > 0, metrics::text);
        assertTrue(metrics.series().containsKey("taskmanager_bans_active"), metrics::text);
    }

    @Test
    void aScraperThatAsksForOpenMetricsGetsIt() {
        Reply reply = api.request("GET", "/metrics").header("Accept", "application/openmetrics-text; version=1.0.0").send();

        assertEquals(200, reply.status());
        assertTrue(reply.header("Content-Type").orElse("").startsWith("application/openmetrics-text; version=1.0.0"), reply.headers().map()::toString);
        assertTrue(reply.body().stripTrailing().endsWith("# EOF"), "an OpenMetrics page ends with # EOF");
        assertEquals("no-store", reply.header("Cache-Control").orElse(""));
    }

    @Test
    void metricsAreReadOnly() {
        assertError(api.request("POST", "/metrics").json("{}").send(), 405, "METHOD_NOT_ALLOWED");
    }
}
