package io.taskmanager.operations.boundary;

import io.taskmanager.operations.control.DatabaseConnections;
import io.taskmanager.operations.control.ServiceMetrics;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics}: this instance's metrics in the Prometheus text format, or OpenMetrics
 * when the scraper asks for it. Like the health checks it needs no token; keep it off the
 * public ingress.
 */
@WebServlet(name = "Metrics", urlPatterns = "/metrics")
public class MetricsServlet extends HttpServlet {

    @Inject
    ServiceMetrics metrics;

    @Inject
    DatabaseConnections databaseConnections;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        databaseConnections.refresh();
        String contentType = ServiceMetrics.contentType(request.getHeader("Accept"));
        ByteArrayOutputStream body = new ByteArrayOutputStream(32 * 1024);
        metrics.scrape(contentType, body);
        response.setContentType(contentType);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.size());
        body.writeTo(response.getOutputStream());
    }
}
