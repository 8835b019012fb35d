package io.taskmanager.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.taskmanager.errors.InvalidInputException;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.Validation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Optional;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class JsonRecordReaderTest {

    record Sample(@NotNull(message = "required") String title, Boolean done, Long count,
                  @JsonbProperty("otp-token") String otpToken, String dueDate) {
    }

    record Pair(String left, String right) implements CrossFieldRules {
        @Override
        public void check(BiConsumer<String, String> failure) {
            if (left == null && right == null) {
                failure.accept("left", "one of them");
            }
        }
    }

    enum Colour { RED, DARK_BLUE }

    @SetByServer({"id"})
    record Patch(Optional<@NotNull(message = "not null") @Size(max = 3, message = "too long") String> name,
                 Optional<Instant> due, Optional<Colour> colour, @Size(max = 3, message = "too long") String plain) {
    }

    @Test
    void optionalComponentsTellAbsentFromNull() {
        assertEquals(new Patch(null, null, null, null), read(Patch.class, "{}"));
        assertEquals(new Patch(Optional.of("ab"), Optional.empty(), Optional.of(Colour.DARK_BLUE), null),
                read(Patch.class, "{\"name\":\"ab\",\"due\":null,\"colour\":\"dark_Blue\",\"plain\":null}"));
        assertEquals(Optional.of(Instant.parse("2025-10-17T18:46:58.5Z")),
                read(Patch.class, "{\"due\":\"2025-10-17T20:46:58.5+02:00\"}").due());
    }

    @Test
    void constraintsOnTheTypeArgumentApplyToThePresentValueAndToNull() {
        assertEquals(Map.of("name", List.of("not null"), "plain", List.of("too long")),
                failure(Patch.class, "{\"name\":null,\"plain\":\"abcd\"}"));
        assertEquals(Map.of("name", List.of("too long")), failure(Patch.class, "{\"name\":\"abcd\"}"));
    }

    @Test
    void aFieldThatDidNotBindHasOnlyItsBindingMessage() {
        assertEquals(Map.of(
                        "name", List.of("Not a valid string."),
                        "due", List.of("Not a valid RFC 3339 date-time, e.g. 2025-10-17T20:46:58Z."),
                        "colour", List.of("Must be one of: red, dark_blue."),
                        "id", List.of("Set by the server; cannot be given."),
                        "other", List.of("Unknown field.")),
                failure(Patch.class, "{\"name\":5,\"due\":\"tomorrow\",\"colour\":1,\"id\":1,\"other\":1}"));
        assertEquals(Map.of("due", List.of("Must fall in the years 0001 to 9999 after conversion to UTC.")),
                failure(Patch.class, "{\"due\":\"9999-12-31T23:30:00-01:00\"}"));
    }

    @Test
    void bindsSnakeCaseAndExplicitNames() {
        Sample sample = read(Sample.class, "{\"title\":\"t\",\"done\":true,\"count\":3,\"otp-token\":\"x\",\"due_date\":\"d\"}");
        assertEquals(new Sample("t", true, 3L, "x", "d"), sample);
    }

    @Test
    void reportsEveryWrongFieldAtOnce() {
        Map<String, List<String>> details = failure(Sample.class,
                "{\"done\":\"yes\",\"count\":1.5,\"otpToken\":\"x\",\"title\":null}");
        assertEquals(Map.of(
                "done", List.of("Not a valid boolean."),
                "count", List.of("Not a valid integer."),
                "otpToken", List.of("Unknown field."),
                "title", List.of("required")), details);
    }

    record Counts(Integer small, Long large) {
    }

    @Test
    void bindsEachIntegerTypeAsItself() {
        assertEquals(new Counts(7, 8_000_000_000L), read(Counts.class, "{\"small\":7,\"large\":8e9}"));
        assertEquals(Map.of("small", List.of("Number out of range.")), failure(Counts.class, "{\"small\":3000000000}"));
    }

    @Test
    void refusesNumbersBeyondTheTargetType() {
        assertEquals(Map.of("count", List.of("Number out of range.")), failure(Sample.class, "{\"title\":\"t\",\"count\":1e30}"));
    }

    @Test
    void crossFieldRulesRunOnceFieldsBind() {
        assertEquals(Map.of("left", List.of("one of them")), failure(Pair.class, "{}"));
    }

    @Test
    void refusesDuplicateKeysAndNonObjects() {
        for (String body : List.of("{\"title\":\"a\",\"title\":\"b\"}", "[1]", "", "{", "nul")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(Sample.class, body), body);
            assertEquals("Malformed JSON", e.getMessage());
        }
    }

    @Test
    void anythingAfterTheJsonValueIsMalformedButTrailingWhitespaceIsNot() {
        for (String body : List.of("{\"title\":\"x\"} trailing", "{\"title\":\"x\"}{\"title\":\"y\"}",
                "{\"title\":\"x\"} 5", "{\"title\":\"x\"}]", "{\"title\":\"x\"} {", "{\"title\":\"x\"}\u0000")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(Sample.class, body), body);
            assertEquals("Malformed JSON", e.getMessage(), body);
        }
        assertEquals("x", read(Sample.class, "{\"title\":\"x\"} \r\n\t ").title());
    }

    @Test
    void refusesNestingBeyondTheParsersDepthAndUnreadableNumbers() {
        InvalidInputException deep = assertThrows(InvalidInputException.class,
                () -> read(Sample.class, "{\"title\":" + "[".repeat(2000) + "]".repeat(2000) + "}"));
        assertEquals("Malformed JSON", deep.getMessage());
        assertEquals("The body must be one JSON object nested at most 1000 levels deep", deep.reason());
        InvalidInputException huge = assertThrows(InvalidInputException.class,
                () -> read(Sample.class, "{\"title\":\"t\",\"count\":1e2147483648}"));
        assertEquals("A number in the body is too large to read", huge.reason());
    }

    @Test
    void aMissingBodyIsMalformedJson() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> JsonRecordReader.required((Sample) null));
        assertEquals("Malformed JSON", e.getMessage());
        assertEquals(new Sample("t", null, null, null, null), JsonRecordReader.required(new Sample("t", null, null, null, null)));
    }

    private static final JsonRecordReader READER = JsonRecordReader.using(Validation.buildDefaultValidatorFactory().getValidator());

    static <R extends Record> R read(Class<R> type, String json) {
        return READER.bind(type, JsonRecordReader.parseObject(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    }

    @SuppressWarnings("unchecked")
    static Map<String, List<String>> failure(Class<? extends Record> type, String json) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(type, json));
        return (Map<String, List<String>>) e.details();
    }
}
