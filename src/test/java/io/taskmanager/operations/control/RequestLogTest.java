package io.taskmanager.operations.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestLogTest {

    private final Logger logger = Logger.getLogger(RequestLog.LOGGER);
    private final List<String> lines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    @Test
    void aSuccessIsOneLineOfBareFields() {
        RequestLog.write("GET", "/api/tasks/{id}", 200, 3_456_789, "42", "192.0.2.7", null, null);

        assertEquals(List.of("method=GET route=/api/tasks/{id} status=200 duration_ms=3.4 user=42 client=192.0.2.7"), lines);
    }

    @Test
    void anErrorAddsItsCodeAndInstanceAndAnAnonymousCallerIsADash() {
        RequestLog.write("POST", "/api/auth/login", 401, 80_000_000, null, "2001:db8::1", "INVALID_CREDENTIALS",
                "/api/auth/login#5a861249-345f-4b52-9b40-cd85b3c0ef4b");

        assertEquals(List.of("method=POST route=/api/auth/login status=401 duration_ms=80.0 user=- client=2001:db8::1"
                + " error=INVALID_CREDENTIALS instance=/api/auth/login#5a861249-345f-4b52-9b40-cd85b3c0ef4b"), lines);
    }

    @Test
    void valuesThatCouldSplitOrForgeALineAreQuotedAndEscaped() {
        RequestLog.write("GET", "/api/*", 404, 0, null, "unknown", "NOT_FOUND",
                "/a b\"c\\d\ne\rf\tg\u0000h\u2028i#1");

        assertEquals(List.of("method=GET route=/api/* status=404 duration_ms=0.0 user=- client=unknown error=NOT_FOUND"
                + " instance=\"/a b\\\"c\\\\d\\ne\\rf\\tg\\u0000h\\u2028i#1\""), lines);
    }
}
