package io.taskmanager.input;

import io.taskmanager.platform.JsonFormat;
import io.taskmanager.errors.ApiException;
import io.taskmanager.platform.BodyTooLargeException;
import io.taskmanager.errors.InvalidInputException;
import jakarta.json.Json;
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
import jakarta.validation.Validation;
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
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds a JSON object onto a request record strictly: unknown fields, wrong types,
 * duplicate keys and malformed JSON are 400s with per-field details, reported together
 * with the record's Bean Validation failures, never dropped or coerced. A {@link JsonBody}
 * gets the parsed object itself.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, JsonRecordReader.MERGE_PATCH_JSON})
// typed on Record, not Object: Jersey picks the reader of the nearest type, and JSON-B's reader is typed on Object
public class JsonRecordReader implements MessageBodyReader<Record> {

    /** RFC 7396: what a task PATCH body is. */
    public static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    public static final String UNKNOWN_FIELD = "Unknown field.";

    /** Parsson's default nesting limit, stated in the 400 it causes. */
    static final int MAX_DEPTH = 1000;

    // a parser rather than a reader, because a reader stops after the first value and never looks
    // at what follows it; Parsson's parser builds objects with the standard key strategy only
    // when its own property says so too
    private static final JsonParserFactory PARSERS = Json.createParserFactory(
            Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE, "org.eclipse.parsson.rejectDuplicateKeys", true));
    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    private static final Map<Class<?>, RecordShape> SHAPES = new ConcurrentHashMap<>();

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.isRecord();
    }

    @Override
    public Record readFrom(Class<Record> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> httpHeaders, InputStream entityStream) {
        JsonObject object = parseObject(entityStream);
        return JsonBody.class.equals(type) ? new JsonBody(object) : bind(type, object);
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
        BodyTooLargeException tooLarge = io.taskmanager.platform.Failures.find(e, BodyTooLargeException.class);
        if (tooLarge != null) {
            throw ApiException.bodyTooLarge(tooLarge.limit());
        }
    }

    public static <R extends Record> R bind(Class<R> type, JsonObject json) {
        RecordShape shape = SHAPES.computeIfAbsent(type, RecordShape::of);
        Map<String, List<String>> errors = new TreeMap<>();
        for (String key : json.keySet()) {
            if (!shape.jsonNames.contains(key)) {
                errors.computeIfAbsent(key, k -> new ArrayList<>()).add(UNKNOWN_FIELD);
            }
        }
        Object[] values = new Object[shape.components.length];
        for (int i = 0; i < values.length; i++) {
            RecordComponent component = shape.components[i];
            String jsonName = shape.jsonNames.get(i);
            JsonValue value = json.get(jsonName);
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                values[i] = null;
                continue;
            }
            try {
                values[i] = convert(value, component.getType());
            } catch (IllegalArgumentException wrongType) {
                errors.computeIfAbsent(jsonName, k -> new ArrayList<>()).add(wrongType.getMessage());
            }
        }
        R record;
        try {
            record = type.cast(shape.constructor.newInstance(values));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        for (ConstraintViolation<R> violation : VALIDATOR.validate(record)) {
            String path = violation.getPropertyPath().toString();
            String field = path.isEmpty() ? "_schema" : shape.jsonNameOf(path);
            if (!errors.containsKey(field)) {
                errors.computeIfAbsent(field, k -> new ArrayList<>()).add(violation.getMessage());
            } else if (!errors.get(field).contains(violation.getMessage()) && !errors.get(field).get(0).startsWith("Not a valid")) {
                errors.get(field).add(violation.getMessage());
            }
        }
        if (errors.isEmpty() && record instanceof CrossFieldRules rules) {
            rules.check((field, message) -> errors.computeIfAbsent(field, k -> new ArrayList<>()).add(message));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return record;
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
                    return target == Long.class ? decimal.longValueExact() : decimal.intValueExact();
                } catch (ArithmeticException outOfRange) {
                    throw new IllegalArgumentException("Number out of range.");
                }
            }
            throw new IllegalArgumentException("Not a valid integer.");
        }
        if (target == JsonValue.class) {
            return value;
        }
        throw new IllegalStateException("No JSON binding for " + target);
    }

    private record RecordShape(RecordComponent[] components, List<String> jsonNames, Constructor<?> constructor) {

        static RecordShape of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            List<String> names = new ArrayList<>(components.length);
            Class<?>[] parameterTypes = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                JsonbProperty property = components[i].getAnnotation(JsonbProperty.class);
                if (property == null) {
                    property = components[i].getAccessor().getAnnotation(JsonbProperty.class);
                }
                names.add(property != null && !property.value().isEmpty()
                        ? property.value() : JsonFormat.jsonName(components[i].getName()));
                parameterTypes[i] = components[i].getType();
            }
            try {
                return new RecordShape(components, List.copyOf(names), type.getDeclaredConstructor(parameterTypes));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }

        String jsonNameOf(String javaName) {
            for (int i = 0; i < components.length; i++) {
                if (components[i].getName().equals(javaName)) {
                    return jsonNames.get(i);
                }
            }
            return JsonFormat.jsonName(javaName);
        }
    }
}
