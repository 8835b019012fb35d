package io.taskmanager.tasks.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskmanager.errors.InvalidInputException;
import io.taskmanager.tasks.control.VersionPrecondition;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntityTagsTest {

    @Test
    void noHeaderOrAStarAcceptsAnyVersion() {
        assertTrue(EntityTags.ifMatch(null).accepts(42));
        assertTrue(EntityTags.ifMatch(List.of()).accepts(42));
        assertTrue(EntityTags.ifMatch(List.of(" * ")).accepts(42));
    }

    @Test
    void aListAcceptsExactlyTheStrongVersionsItNames() {
        VersionPrecondition precondition = EntityTags.ifMatch(List.of("\"3\", W/\"4\" ,\"abc\"", "\"7\""));
        assertEquals(Set.of(3L, 7L), precondition.versions());
        assertTrue(precondition.accepts(3));
        assertFalse(precondition.accepts(4), "weak tags never match If-Match");
        assertFalse(precondition.accepts(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "\"3", "\"3\" \"4\"", "\"3\",,", "W/3", "\"a\"b\""})
    void aMalformedHeaderIs400(String header) {
        assertThrows(InvalidInputException.class, () -> EntityTags.ifMatch(List.of(header)));
    }

    @Test
    void theETagIsTheQuotedVersion() {
        assertEquals("\"5\"", "\"" + EntityTags.of(5).getValue() + "\"");
        assertFalse(EntityTags.of(5).isWeak());
    }
}
