package io.taskmanager.platform;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * RFC 3339 as clients send it: a full date-time with seconds and an offset ({@code Z} or
 * {@code ±hh:mm}, any case, optional fraction), or a bare {@code YYYY-MM-DD} date, in the
 * years 0001–9999 after conversion to UTC (API.md).
 */
public final class Rfc3339 {

    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendValue(ChronoField.YEAR, 4).appendLiteral('-')
            .appendValue(ChronoField.MONTH_OF_YEAR, 2).appendLiteral('-')
            .appendValue(ChronoField.DAY_OF_MONTH, 2).appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(java.time.chrono.IsoChronology.INSTANCE);
    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4).appendLiteral('-')
            .appendValue(ChronoField.MONTH_OF_YEAR, 2).appendLiteral('-')
            .appendValue(ChronoField.DAY_OF_MONTH, 2)
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(java.time.chrono.IsoChronology.INSTANCE);
    /** A '+' offset sent unencoded in a query string arrives as a space. */
    private static final Pattern SPACE_FOR_PLUS = Pattern.compile("(.*\\d) (\\d\\d:\\d\\d)");

    /** The 400's message for a date or time that parses but falls outside {@link #FIRST_YEAR}–{@link #LAST_YEAR}. */
    public static final String OUTSIDE_YEARS = "Must fall in the years 0001 to 9999 after conversion to UTC.";
    static final int FIRST_YEAR = 1;
    static final int LAST_YEAR = 9999;

    private Rfc3339() {
    }

    /**
     * The instant, when it falls in the years 0001–9999 in UTC: PostgreSQL would store a year 0
     * or 10000, and it would come back in a form that is no RFC 3339 ({@code +10000-01-01T…Z}).
     */
    public static Optional<Instant> parseDateTime(String text) {
        return anyYearDateTime(text).filter(Rfc3339::inYears);
    }

    /** Like {@link #parseDateTime}, also reading a query string's space as the '+' it was. */
    public static Optional<Instant> parseQueryDateTime(String text) {
        return anyYearQueryDateTime(text).filter(Rfc3339::inYears);
    }

    /** A calendar date in the years 0001–9999. */
    public static Optional<LocalDate> parseDate(String text) {
        return anyYearDate(text).filter(date -> date.getYear() >= FIRST_YEAR && date.getYear() <= LAST_YEAR);
    }

    /**
     * True when {@code text} is a well-formed date or date-time (query forms included) whose
     * year, in UTC, is outside 0001–9999: the parse methods refuse it for that reason alone.
     */
    public static boolean outsideYears(String text) {
        return anyYearQueryDateTime(text).map(instant -> !inYears(instant))
                .or(() -> anyYearDate(text).map(date -> date.getYear() < FIRST_YEAR || date.getYear() > LAST_YEAR))
                .orElse(false);
    }

    private static boolean inYears(Instant instant) {
        int year = instant.atOffset(ZoneOffset.UTC).getYear();
        return year >= FIRST_YEAR && year <= LAST_YEAR;
    }

    private static Optional<Instant> anyYearDateTime(String text) {
        if (text == null || text.length() > 40) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text, DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> anyYearQueryDateTime(String text) {
        Optional<Instant> parsed = anyYearDateTime(text);
        if (parsed.isEmpty() && text != null && text.length() <= 40) {
            java.util.regex.Matcher plus = SPACE_FOR_PLUS.matcher(text);
            if (plus.matches()) {
                return anyYearDateTime(plus.group(1) + "+" + plus.group(2));
            }
        }
        return parsed;
    }

    private static Optional<LocalDate> anyYearDate(String text) {
        if (text == null || text.length() != 10) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text, DATE));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
