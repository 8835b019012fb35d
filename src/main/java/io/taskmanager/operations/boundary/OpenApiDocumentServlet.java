package io.taskmanager.operations.boundary;

import io.taskmanager.errors.ErrorCode;
import io.taskmanager.errors.ErrorPageServlet;
import io.taskmanager.errors.ProblemDetails;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * {@code GET /openapi}: the OpenAPI document, YAML ({@code text/plain}) unless the client prefers
 * JSON by its Accept header or asks {@code ?format=json}; a client that takes neither gets 406.
 *
 * <p>The document is built when the WAR is built (smallrye-open-api-maven-plugin in pom.xml, from
 * the resources' MicroProfile OpenAPI annotations, META-INF/openapi.yaml and
 * {@code UnusedSchemaFilter}) and packed as WEB-INF/openapi/openapi.{yaml,json}; this servlet
 * reads both once and then only copies bytes. The servers' own endpoints stay out of the way:
 * Payara 6 builds its document on the first request by parsing every class of the 40 MB WAR
 * (whatever {@code mp.openapi.scan.*} says), which took 20 s and ended in OutOfMemoryError with
 * a 256 MB heap, and retried on every later request. Mapping {@code /openapi/*} here leaves Payara's
 * servlet, which asks for the same mapping, without one; WildFly's is switched off per deployment
 * with {@code mp.openapi.extensions.enabled=false}. Every runtime serves the same document.
 */
@WebServlet(name = "OpenApiDocument", urlPatterns = OpenApiDocumentServlet.MAPPING)
public class OpenApiDocumentServlet extends HttpServlet {

    static final String MAPPING = "/openapi/*";
    static final String YAML = "text/plain;charset=UTF-8";
    static final String JSON = "application/json";

    private byte[] yaml;
    private byte[] json;

    /** The representations the document comes in. */
    enum Format {
        YAML, JSON
    }

    @Override
    public void init() throws ServletException {
        yaml = read("/WEB-INF/openapi/openapi.yaml");
        json = read("/WEB-INF/openapi/openapi.json");
    }

    private byte[] read(String path) throws ServletException {
        try (InputStream in = getServletContext().getResourceAsStream(path)) {
            if (in == null) {
                throw new ServletException(path + " is missing from the WAR: the build generates it (smallrye-open-api-maven-plugin)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ServletException("cannot read " + path, e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String rest = request.getPathInfo();
        if (rest != null && !rest.equals("/")) {
            ErrorPageServlet.send(request, response, ErrorCode.NOT_FOUND, null, request.getRequestURI(), null);
            return;
        }
        Format format = format(request.getParameter("format"), request.getHeader("Accept"));
        if (format == null) {
            ErrorPageServlet.send(request, response, ErrorCode.NOT_ACCEPTABLE, null, request.getRequestURI(), null);
            return;
        }
        byte[] body = format == Format.JSON ? json : yaml;
        response.setContentType(format == Format.JSON ? JSON : YAML);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) {
        // the servlet API's own answer would list TRACE, which MethodAllowList refuses
        response.setHeader("Allow", "GET, HEAD, OPTIONS");
    }

    /**
     * {@code ?format=json|yaml} (any case) decides; otherwise the Accept header: JSON when it
     * weighs {@code application/json} above {@code text/plain} (or the same, but named more
     * exactly), YAML when it takes plain text at least as well, and null when it takes neither.
     */
    static Format format(String formatParameter, String accept) {
        if (formatParameter != null) {
            String asked = formatParameter.toLowerCase(Locale.ROOT);
            if (asked.equals("json")) {
                return Format.JSON;
            }
            if (asked.equals("yaml")) {
                return Format.YAML;
            }
        }
        if (accept == null || accept.isBlank()) {
            return Format.YAML;
        }
        double[] plain = preference(accept, "text", "plain");
        double[] json = preference(accept, "application", "json");
        if (plain[0] <= 0 && json[0] <= 0) {
            return null;
        }
        boolean jsonFirst = json[0] > plain[0] || (json[0] == plain[0] && json[1] > plain[1]);
        return jsonFirst ? Format.JSON : Format.YAML;
    }

    /** The weight the most exact range of {@code accept} that covers type/subtype gives it, and how exact that range is (0–2). */
    private static double[] preference(String accept, String type, String subtype) {
        double weight = 0;
        int exactness = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String[] name = parts[0].strip().toLowerCase(Locale.ROOT).split("/", 2);
            if (name.length != 2) {
                continue;
            }
            int exact;
            if (name[0].equals(type) && name[1].equals(subtype)) {
                exact = 2;
            } else if (name[0].equals(type) && name[1].equals("*")) {
                exact = 1;
            } else if (name[0].equals("*") && name[1].equals("*")) {
                exact = 0;
            } else {
                continue;
            }
            if (exact > exactness) {
                exactness = exact;
                weight = ProblemDetails.weight(parts);
            }
        }
        return new double[] {weight, exactness};
    }
}
