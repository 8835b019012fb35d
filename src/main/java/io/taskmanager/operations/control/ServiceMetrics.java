package io.taskmanager.operations.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * This instance's metrics, served at /metrics in the Prometheus text format. The registry
 * is the application's own (not Micrometer's global one), so a redeploy starts afresh and
 * the same series appear on every server the WAR runs on.
 */
@ApplicationScoped
public class ServiceMetrics {

    /** Latency buckets from a fast cached read to a slow bcrypt login under load. */
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    /** Methods a route can answer; any other is one series, so made-up methods cannot add series. */
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private PrometheusMeterRegistry registry;
    private final ConcurrentMap<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private JvmGcMetrics gcMetrics;

    @PostConstruct
    void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // every outcome is listed from the start, so a dashboard sees 0 rather than no series
        for (LoginOutcome outcome : LoginOutcome.values()) {
            logins(outcome);
        }
        for (String policy : List.of("auth", "tasks")) {
            rateLimitRejections(policy);
        }
        for (MailOutcome outcome : MailOutcome.values()) {
            mails(outcome);
        }
        bansImposed();
    }

    @PreDestroy
    void stop() {
        // the GC metrics listen to the JVM's notifications, which outlive an undeployed application
        gcMetrics.close();
        registry.close();
    }

    /** One answered HTTP request; {@code route} is a template, never a raw path. */
    public void request(String method, String route, int status, long nanos) {
        String knownMethod = METHODS.contains(method) ? method : "OTHER";
        // one look-up per request instead of building the meter's id and tags each time
        requestTimers.computeIfAbsent(knownMethod + ' ' + status + ' ' + route, key -> Timer.builder("http.server.requests")
                        .description("HTTP requests the application answered, by route template and status")
                        .tag("method", knownMethod)
                        .tag("route", route)
                        .tag("status", Integer.toString(status))
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public enum LoginOutcome { SUCCEEDED, FAILED, LOCKED }

    public void login(LoginOutcome outcome) {
        logins(outcome).increment();
    }

    public void rateLimitRejected(String policy) {
        rateLimitRejections(policy).increment();
    }

    public void banImposed() {
        bansImposed().increment();
    }

    public enum MailOutcome { QUEUED, SENT, FAILED, LOGGED }

    public void mail(MailOutcome outcome) {
        mails(outcome).increment();
    }

    /** A value read when /metrics is scraped (a count held elsewhere, such as the active bans); {@code tags} in key, value pairs. */
    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    /** The content type of the metrics for {@code accept}: OpenMetrics when asked for, else Prometheus text. */
    public static String contentType(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
                ? OPEN_METRICS : PROMETHEUS_TEXT;
    }

    /** Writes every metric in {@code contentType} (one {@link #contentType} chose). */
    public void scrape(String contentType, OutputStream out) throws IOException {
        registry.scrape(out, contentType);
    }

    private Counter logins(LoginOutcome outcome) {
        return Counter.builder("taskmanager.logins").description("Login attempts by outcome (locked: refused while the account's logins are paused)")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    private Counter rateLimitRejections(String policy) {
        return Counter.builder("taskmanager.rate.limit.rejections").description("Requests refused with 429 by a rate limit")
                .tag("policy", policy).register(registry);
    }

    private Counter bansImposed() {
        return Counter.builder("taskmanager.bans.imposed").description("Client addresses this instance banned").register(registry);
    }

    private Counter mails(MailOutcome outcome) {
        return Counter.builder("taskmanager.mails").description("Mails by outcome: queued for sending, sent, failed for good (retries spent or queue full), or logged (no MAIL_SERVER)")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry);
    }
}
