package io.taskmanager.errors;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Locale;

/**
 * RFC 9457: the error envelope's fields as a top-level problem object, for a client whose
 * Accept header asks for {@code application/problem+json} at least as much as for JSON.
 * {@code type} is the envelope's type, {@code title} its message, {@code detail} its reason;
 * {@code code} and {@code details} are kept as extension members.
 */
public final class ProblemDetails {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String CONTENT_TYPE = MEDIA_TYPE + ";charset=UTF-8";

    // looked up once: Json.createReader looks the provider up on every call, which is a scan of
    // the WAR's jars wherever jakarta.json.provider is not set (bench/RESULTS.md)
    private static final JsonProvider JSON = JsonProvider.provider();

    private ProblemDetails() {
    }

    /**
     * True when {@code accept} names problem+json with a weight above 0 and no lower than the
     * best weight JSON gets (from {@code application/json}, {@code application/*} or {@code *}{@code /*}).
     */
    public static boolean wanted(String accept) {
        double[] weights = weights(accept);
        return weights[0] > 0 && weights[0] >= weights[1];
    }

    /** True when {@code accept} takes problem+json and nothing that JSON would satisfy. */
    public static boolean onlyProblems(String accept) {
        double[] weights = weights(accept);
        return weights[0] > 0 && weights[1] == 0;
    }

    /** The best weights {@code accept} gives problem+json and JSON, in that order. */
    private static double[] weights(String accept) {
        double problem = 0;
        double json = 0;
        if (accept == null || accept.isBlank()) {
            return new double[] {problem, json};
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double weight = weight(parts);
            if (type.equals(MEDIA_TYPE)) {
                problem = Math.max(problem, weight);
            } else if (type.equals("application/json") || type.equals("application/*") || type.equals("*/*")) {
                json = Math.max(json, weight);
            }
        }
        return new double[] {problem, json};
    }

    /** The weight ({@code q}, 0 to 1; 1 when absent, 0 when malformed) of one Accept range split at ';'. */
    public static double weight(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].strip();
            if (parameter.regionMatches(true, 0, "q=", 0, 2)) {
                try {
                    double q = Double.parseDouble(parameter.substring(2).strip());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /** The problem object for an envelope written as JSON ({@code {"errors": {...}}}). */
    public static String fromEnvelope(String envelopeJson) {
        JsonObject errors;
        try (JsonReader reader = JSON.createReader(new StringReader(envelopeJson))) {
            errors = reader.readObject().getJsonObject("errors");
        }
        JsonObjectBuilder problem = JSON.createObjectBuilder();
        copy(errors, "type", problem, "type");
        copy(errors, "message", problem, "title");
        copy(errors, "status", problem, "status");
        copy(errors, "reason", problem, "detail");
        copy(errors, "instance", problem, "instance");
        copy(errors, "code", problem, "code");
        copy(errors, "details", problem, "details");
        return problem.build().toString();
    }

    private static void copy(JsonObject from, String key, JsonObjectBuilder to, String as) {
        JsonValue value = from.get(key);
        to.add(as, value == null ? JsonValue.NULL : value);
    }
}
