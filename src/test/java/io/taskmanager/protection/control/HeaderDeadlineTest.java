package io.taskmanager.protection.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeaderDeadlineTest {

    @Test
    void doesNothingWhereThereIsNoPayara() {
        // no Payara (Globals, GrizzlyService) on this class path, as on WildFly: no probe, no sweep
        HeaderDeadline deadline = new HeaderDeadline();
        deadline.readTimeout = Duration.ofSeconds(30);
        assertDoesNotThrow(deadline::start);
        assertDoesNotThrow(deadline::sweep);
        assertDoesNotThrow(deadline::stop);
    }
}
