package io.taskmanager.operations.control;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * One line per answered request, in logfmt ({@code key=value}, values with spaces or quotes
 * in double quotes), on the logger {@code io.taskmanager.requests} so operators can route or
 * silence it by name. The line names the route template, never the raw path, and holds no
 * header, query or body: a token, password or code cannot reach it.
 */
public final class RequestLog {

    public static final String LOGGER = "io.taskmanager.requests";
    private static final Logger LOG = Logger.getLogger(LOGGER);
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9._:/{}*@#%+\\-]+");

    private RequestLog() {
    }

    public static void write(String method, String route, int status, long nanos, String userId, String client,
                             String errorCode, String instance) {
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        StringBuilder line = new StringBuilder(160);
        field(line, "method", method);
        field(line, "route", route);
        field(line, "status", Integer.toString(status));
        long tenths = Math.max(0, nanos) / 100_000;
        field(line, "duration_ms", (tenths / 10) + "." + (tenths % 10));
        field(line, "user", userId == null ? "-" : userId);
        field(line, "client", client);
        if (errorCode != null) {
            field(line, "error", errorCode);
            field(line, "instance", instance);
        }
        // the source named here, not found by walking the stack: that walk cost more than the line
        LOG.logp(Level.INFO, RequestLog.class.getName(), "write", line.toString());
    }

    private static void field(StringBuilder line, String key, String value) {
        if (!line.isEmpty()) {
            line.append(' ');
        }
        line.append(key).append('=');
        if (value != null && BARE.matcher(value).matches()) {
            line.append(value);
            return;
        }
        line.append('"');
        String text = value == null ? "" : value;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    // a path may carry any decoded character: no control character may split or forge a line
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || (c >= 0x80 && c <= 0x9f)
                            || c == '\u2028' || c == '\u2029') {
                        line.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        line.append('"');
    }
}
