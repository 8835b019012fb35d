package io.taskmanager.platform;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The one JSON-B configuration: snake_case keys (the old service's shapes) and nulls
 * written out ({@code "due_date": null}). Response records fix their key order with
 * {@code @JsonbPropertyOrder}.
 */
@Provider
public class JsonFormat implements ContextResolver<Jsonb> {

    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
            .withNullValues(true));

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }

    public static String toJson(Object value) {
        return JSONB.toJson(value);
    }

    /** The JSON key of a Java property name under this configuration's naming strategy. */
    public static String jsonName(String javaName) {
        StringBuilder name = new StringBuilder(javaName.length() + 4);
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    name.append('_');
                }
                name.append(Character.toLowerCase(c));
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }
}
