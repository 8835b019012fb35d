package io.taskmanager.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

    @ParameterizedTest
    @CsvSource({
            "2025-10-17T20:46:58Z,2025-10-17T20:46:58Z",
            "2025-10-17t20:46:58z,2025-10-17T20:46:58Z",
            "2025-10-17T22:46:58+02:00,2025-10-17T20:46:58Z",
            "2025-10-17T20:46:58.123456789Z,2025-10-17T20:46:58.123456789Z",
            "2025-10-17T00:00:00-05:30,2025-10-17T05:30:00Z",
            "2024-02-29T00:00:00Z,2024-02-29T00:00:00Z"})
    void readsDateTimesWithAnOffset(String text, String expected) {
        assertEquals(Optional.of(Instant.parse(expected)), Rfc3339.parseDateTime(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-10-17", "2025-10-17T20:46Z", "2025-10-17T20:46:58", "2025-02-29T00:00:00Z",
            "2025-10-17T24:00:00Z", "25-10-17T20:46:58Z", "2025-10-17 20:46:58Z", "+12025-10-17T20:46:58Z",
            "2025-10-17T20:46:58+0200", "", "now"})
    void refusesAnythingElse(String text) {
        assertTrue(Rfc3339.parseDateTime(text).isEmpty(), text);
    }

    @ParameterizedTest
    @CsvSource({"2025-10-17T22:46:58 02:00,2025-10-17T20:46:58Z", "2025-10-17T20:46:58Z,2025-10-17T20:46:58Z"})
    void aQueryStringSpaceIsTheOffsetsPlus(String text, String expected) {
        assertEquals(Optional.of(Instant.parse(expected)), Rfc3339.parseQueryDateTime(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-13-01", "2025-02-29", "2025-1-01", "20251001", "2025-10-01T00:00:00Z"})
    void readsOnlyRealCalendarDates(String text) {
        assertTrue(Rfc3339.parseDate(text).isEmpty(), text);
        assertEquals(Optional.of(LocalDate.of(2024, 2, 29)), Rfc3339.parseDate("2024-02-29"));
    }

    @ParameterizedTest
    @CsvSource({"0001-01-01T00:00:00Z,0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z,9999-12-31T23:59:59Z",
            "0001-01-01T00:00:00-01:00,0001-01-01T01:00:00Z", "9999-12-31T23:59:59.999999999+18:00,9999-12-31T05:59:59.999999999Z"})
    void readsTheFirstAndLastYears(String text, String expected) {
        assertEquals(Optional.of(Instant.parse(expected)), Rfc3339.parseDateTime(text));
        assertEquals(Optional.of(Instant.parse(expected)), Rfc3339.parseQueryDateTime(text));
        assertTrue(!Rfc3339.outsideYears(text), text);
    }

    /** Year 0 or 10000 in UTC, whatever the text says: PostgreSQL would store it and echo +10000-…. */
    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T00:00:00Z", "0000-12-31T23:59:59Z", "0001-01-01T00:00:00+01:00",
            "0001-01-01T00:59:59+01:00", "9999-12-31T23:59:59-18:00", "9999-12-31T23:59:59-00:01",
            "9999-12-31T23:00:00-01:00", "0000-01-01", "0001-01-01T00:00:00 01:00"})
    void refusesYearsOutsideTheFirstToTheLastInUtc(String text) {
        assertTrue(Rfc3339.parseDateTime(text).isEmpty(), text);
        assertTrue(Rfc3339.parseQueryDateTime(text).isEmpty(), text);
        assertTrue(Rfc3339.parseDate(text).isEmpty(), text);
        assertTrue(Rfc3339.outsideYears(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0001-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-0001-01-01", "+10000-01-01", "10000-01-01"})
    void signedAndFiveDigitYearsAreNotRfc3339AtAll(String text) {
        assertTrue(Rfc3339.parseDateTime(text).isEmpty(), text);
        assertTrue(Rfc3339.parseDate(text).isEmpty(), text);
        assertTrue(!Rfc3339.outsideYears(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0001-01-01", "9999-12-31"})
    void readsTheFirstAndLastDates(String text) {
        assertEquals(Optional.of(LocalDate.parse(text)), Rfc3339.parseDate(text));
    }
}
