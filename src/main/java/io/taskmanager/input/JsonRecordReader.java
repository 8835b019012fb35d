package io.taskmanager.input;

import io.taskmanager.errors.ApiException;
import io.taskmanager.errors.InvalidInputException;
import io.taskmanager.platform.BodyTooLargeException;
import io.taskmanager.platform.Failures;
import io.taskmanager.platform.JsonFormat;
import io.taskmanager.platform.Rfc3339;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The one way a JSON body enters the application: bound onto a request record strictly and
 * validated by the container's Bean Validation. Unknown fields, wrong types, duplicate keys
 * and malformed JSON are 400s with per-field details, reported together with the record's
 * constraint violations, never dropped or coerced.
 * <p>
 * A component typed {@code Optional<T>} tells an absent field (null) from an explicit JSON
 * null ({@code Optional.empty()}), for a PATCH that clears a value; its constraints go on the
 * type argument. Any other component reads JSON null as absent.
 */
@Provider
// not @ApplicationScoped: Jersey cannot tell a client proxy's type argument, and would then choose
// between this reader and JSON-B's at random
@Consumes({MediaType.APPLICATION_JSON, JsonRecordReader.MERGE_PATCH_JSON})
// typed on Record, not Object: Jersey picks the reader of the nearest type, and JSON-B's reader is typed on Object
public class JsonRecordReader implements MessageBodyReader<Record> {

    /** RFC 7396: what a task PATCH body is. */
    public static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    /** Parsson's default nesting limit, stated in the 400 it causes. */
    static final int MAX_DEPTH = 1000;

    static final String NOT_A_DATE_TIME = "Not a valid RFC 3339 date-time, e.g. 2025-10-17T20:46:58Z.";

    // a parser rather than a reader, because a reader stops after the first value and never looks
    // at what follows it; Parsson's parser builds objects with the standard key strategy only
    // when its own property says so too
    private static final JsonParserFactory PARSERS = Json.createParserFactory(
            Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE, "org.eclipse.parsson.rejectDuplicateKeys", true));
    private static final Map<Class<?>, RecordShape> SHAPES = new ConcurrentHashMap<>();

    @Inject
    Validator validator;

    /** A reader outside the container, for tests of the records it binds. */
    public static JsonRecordReader using(Validator validator) {
        JsonRecordReader reader = new JsonRecordReader();
        reader.validator = validator;
        return reader;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.isRecord();
    }

    @Override
    public Record readFrom(Class<Record> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> httpHeaders, InputStream entityStream) {
        return bind(type, parseObject(entityStream));
    }

    /**
     * The body a resource method was given: JAX-RS hands it null, without asking a reader, when
     * a request has neither a body nor a Content-Type, and that is malformed input too.
     */
    public static <R extends Record> R required(R body) {
        if (body == null) {
            throw new InvalidInputException("Malformed JSON", "The body must be one JSON object");
        }
        return body;
    }

    public static JsonObject parseObject(InputStream entityStream) {
        JsonValue structure;
        try (JsonParser parser = PARSERS.createParser(entityStream)) {
            if (!parser.hasNext()) {
                throw new InvalidInputException("Malformed JSON", "The body must be one JSON object");
            }
            parser.next();
            structure = parser.getValue();
            // whatever follows the value ("{...} trailing", a second object, "{...} 5") makes the
            // body malformed; only whitespace may follow
            if (parser.hasNext()) {
                throw new InvalidInputException("Malformed JSON", "Nothing but whitespace may follow the JSON object");
            }
        } catch (InvalidInputException e) {
            throw e;
        } catch (JsonParsingException e) {
            rethrowIfTooLarge(e);
            throw new InvalidInputException("Malformed JSON", e.getLocation() == null ? null
                    : "Malformed JSON at line " + e.getLocation().getLineNumber()
                      + ", column " + e.getLocation().getColumnNumber());
        } catch (JsonException | IllegalStateException e) {
            rethrowIfTooLarge(e);
            // empty body, invalid UTF-8, duplicate keys
            throw new InvalidInputException("Malformed JSON", "The body must be one JSON object in UTF-8, without duplicate keys");
        } catch (NumberFormatException | ArithmeticException e) {
            // an exponent beyond what BigDecimal holds, such as 1e2147483648
            throw new InvalidInputException("Malformed JSON", "A number in the body is too large to read");
        } catch (RuntimeException e) {
            rethrowIfTooLarge(e);
            // Parsson refuses nesting deeper than 1,000 levels with a bare RuntimeException
            throw new InvalidInputException("Malformed JSON", "The body must be one JSON object nested at most "
                                                              + MAX_DEPTH + " levels deep");
        }
        if (!(structure instanceof JsonObject object)) {
            throw new InvalidInputException("Malformed JSON", "The body must be a JSON object");
        }
        return object;
    }

    /** A body cut off at the size limit is a 413, not malformed JSON. */
    private static void rethrowIfTooLarge(RuntimeException e) {
        BodyTooLargeException tooLarge = Failures.find(e, BodyTooLargeException.class);
        if (tooLarge != null) {
            throw ApiException.bodyTooLarge(tooLarge.limit());
        }
    }

    public <R extends Record> R bind(Class<R> type, JsonObject json) {
        RecordShape shape = SHAPES.computeIfAbsent(type, RecordShape::of);
        Map<String, List<String>> errors = new TreeMap<>();
        for (String key : json.keySet()) {
            if (!shape.jsonNames.contains(key)) {
                add(errors, key, shape.setByServer.contains(key) ? FieldMessages.SET_BY_SERVER : FieldMessages.UNKNOWN_FIELD);
            }
        }
        Object[] values = new Object[shape.components.length];
        for (int i = 0; i < values.length; i++) {
            JsonValue value = json.get(shape.jsonNames.get(i));
            try {
                values[i] = shape.optional[i] ? optional(value, shape.valueTypes[i]) : plain(value, shape.valueTypes[i]);
            } catch (IllegalArgumentException wrongType) {
                add(errors, shape.jsonNames.get(i), wrongType.getMessage());
            }
        }
        // a field that did not bind has nothing left to validate: its one message says why
        Set<String> unbound = new HashSet<>(errors.keySet());
        R record = shape.construct(type, values);
        for (ConstraintViolation<R> violation : validator.validate(record)) {
            String field = shape.jsonNameOf(violation.getPropertyPath());
            if (!unbound.contains(field) && !errors.getOrDefault(field, List.of()).contains(violation.getMessage())) {
                add(errors, field, violation.getMessage());
            }
        }
        if (errors.isEmpty() && record instanceof CrossFieldRules rules) {
            rules.check((field, message) -> add(errors, field, message));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return record;
    }

    private static void add(Map<String, List<String>> errors, String field, String message) {
        errors.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
    }

    /** Absent: null; JSON null: empty; anything else: the value. */
    private static Optional<?> optional(JsonValue value, Class<?> target) {
        if (value == null) {
            return null;
        }
        return value.getValueType() == JsonValue.ValueType.NULL ? Optional.empty() : Optional.of(convert(value, target));
    }

    private static Object plain(JsonValue value, Class<?> target) {
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : convert(value, target);
    }

    private static Object convert(JsonValue value, Class<?> target) {
        if (target == String.class) {
            if (value instanceof JsonString string) {
                return string.getString();
            }
            throw new IllegalArgumentException("Not a valid string.");
        }
        if (target == Boolean.class) {
            if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
                return value == JsonValue.TRUE;
            }
            throw new IllegalArgumentException("Not a valid boolean.");
        }
        if (target == Long.class || target == Integer.class) {
            // 1e30 is an integer too, just out of range; 1.5 is not one
            if (value instanceof JsonNumber number && number.bigDecimalValue().stripTrailingZeros().scale() <= 0) {
                BigDecimal decimal = number.bigDecimalValue();
                try {
                    // not a conditional expression: it would widen the int to a long
                    if (target == Long.class) {
                        return decimal.longValueExact();
                    }
                    return decimal.intValueExact();
                } catch (ArithmeticException outOfRange) {
                    throw new IllegalArgumentException("Number out of range.");
                }
            }
            throw new IllegalArgumentException("Not a valid integer.");
        }
        if (target == List.class) {
            // a list of strings is the one collection a request body holds
            if (value instanceof JsonArray array && array.stream().allMatch(JsonString.class::isInstance)) {
                return array.stream().map(item -> ((JsonString) item).getString()).toList();
            }
            throw new IllegalArgumentException("Not a valid list of strings.");
        }
        if (target == Instant.class) {
            String text = value instanceof JsonString string ? string.getString() : null;
            return Optional.ofNullable(text).flatMap(Rfc3339::parseDateTime).orElseThrow(() -> new IllegalArgumentException(
                    text != null && Rfc3339.outsideYears(text) ? Rfc3339.OUTSIDE_YEARS : NOT_A_DATE_TIME));
        }
        if (target.isEnum()) {
            // named in lower case on the wire, accepted in any case
            if (value instanceof JsonString string) {
                for (Object constant : target.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equalsIgnoreCase(string.getString())) {
                        return constant;
                    }
                }
            }
            throw new IllegalArgumentException("Must be one of: " + Arrays.stream(target.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ")) + ".");
        }
        throw new IllegalStateException("No JSON binding for " + target);
    }

    private record RecordShape(RecordComponent[] components, List<String> jsonNames, boolean[] optional,
                               Class<?>[] valueTypes, Set<String> setByServer, Constructor<?> constructor) {

        static RecordShape of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            List<String> names = new ArrayList<>(components.length);
            boolean[] optional = new boolean[components.length];
            Class<?>[] valueTypes = new Class<?>[components.length];
            Class<?>[] parameterTypes = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                JsonbProperty property = components[i].getAnnotation(JsonbProperty.class);
                if (property == null) {
                    property = components[i].getAccessor().getAnnotation(JsonbProperty.class);
                }
                names.add(property != null && !property.value().isEmpty()
                        ? property.value() : JsonFormat.jsonName(components[i].getName()));
                parameterTypes[i] = components[i].getType();
                optional[i] = components[i].getType() == Optional.class;
                valueTypes[i] = optional[i]
                        ? (Class<?>) ((ParameterizedType) components[i].getGenericType()).getActualTypeArguments()[0]
                        : components[i].getType();
            }
            SetByServer serverOwned = type.getAnnotation(SetByServer.class);
            try {
                return new RecordShape(components, List.copyOf(names), optional, valueTypes,
                        serverOwned == null ? Set.of() : Set.of(serverOwned.value()),
                        type.getDeclaredConstructor(parameterTypes));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }

        <R> R construct(Class<R> type, Object[] values) {
            try {
                return type.cast(constructor.newInstance(values));
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The field a violation is about, by its first path node; the whole body when it is a rule of the record. */
        String jsonNameOf(Path path) {
            Iterator<Path.Node> nodes = path.iterator();
            String javaName = nodes.hasNext() ? nodes.next().getName() : null;
            if (javaName == null || javaName.isEmpty()) {
                return "_schema";
            }
            for (int i = 0; i < components.length; i++) {
                if (components[i].getName().equals(javaName)) {
                    return jsonNames.get(i);
                }
            }
            return JsonFormat.jsonName(javaName);
        }
    }
}
