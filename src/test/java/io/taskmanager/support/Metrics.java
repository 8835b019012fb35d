package io.taskmanager.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

/** One scrape of a server's /metrics (Prometheus text), as series → value. */
public record Metrics(Map<String, Double> series, String text) {

    public static Metrics scrape(Api api) {
        Api.Reply reply = api.get("/metrics", null);
        assertEquals(200, reply.status(), reply::body);
        assertTrue(reply.header("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"), () -> reply.headers().map().toString());
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : (Iterable<String>) reply.body().lines()::iterator) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new Metrics(Map.copyOf(series), reply.body());
    }

    /** The value of one series, written as on the page ({@code name{label="value",...}}); 0 when absent. */
    public double value(String series) {
        return this.series.getOrDefault(series, 0.0);
    }

    /** How much a series grew since {@code earlier}. */
    public double since(Metrics earlier, String series) {
        return value(series) - earlier.value(series);
    }
}
