package io.taskmanager.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mail texts under META-INF/mail: {@code name.txt} and {@code name.html}, whose first
 * line is the subject. {@code {{key}}} is replaced by its value (HTML-escaped in HTML).
 */
public final class MailTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private MailTemplates() {
    }

    public static Mail render(String name, String to, long userId, Map<String, String> values) {
        String text = fill(load(name + ".txt"), values, false);
        String html = fill(load(name + ".html"), values, true);
        int newline = text.indexOf('\n');
        return new Mail(to, text.substring(0, newline).strip(), text.substring(newline + 1).strip() + "\n", html, name, userId);
    }

    private static String load(String file) {
        return CACHE.computeIfAbsent(file, f -> {
            try (InputStream in = MailTemplates.class.getResourceAsStream("/META-INF/mail/" + f)) {
                if (in == null) {
                    throw new IllegalStateException("missing mail template " + f);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static String fill(String template, Map<String, String> values, boolean html) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for {{" + placeholder.group(1) + "}}");
            }
            placeholder.appendReplacement(out, Matcher.quoteReplacement(html ? escape(value) : value));
        }
        placeholder.appendTail(out);
        return out.toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
