package io.taskmanager.platform;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * RFC 3339 as clients send it: a full date-time with seconds and an offset ({@code Z} or
 * {@code ±hh:mm}, any case, optional fraction), or a bare {@code YYYY-MM-DD} date.
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

    private Rfc3339() {
    }

    public static Optional<Instant> parseDateTime(String text) {
        if (text == null || text.length() > 40) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text, DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Like {@link #parseDateTime}, also reading a query string's space as the '+' it was. */
    public static Optional<Instant> parseQueryDateTime(String text) {
        Optional<Instant> parsed = parseDateTime(text);
        if (parsed.isEmpty() && text != null && text.length() <= 40) {
            java.util.regex.Matcher plus = SPACE_FOR_PLUS.matcher(text);
            if (plus.matches()) {
                return parseDateTime(plus.group(1) + "+" + plus.group(2));
            }
        }
        return parsed;
    }

    public static Optional<LocalDate> parseDate(String text) {
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
