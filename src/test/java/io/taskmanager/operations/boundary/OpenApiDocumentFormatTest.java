package io.taskmanager.operations.boundary;

import static io.taskmanager.operations.boundary.OpenApiDocumentServlet.format;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.taskmanager.operations.boundary.OpenApiDocumentServlet.Format;
import org.junit.jupiter.api.Test;

/** Which form of the document a request gets: what Payara's own endpoint chose for the same requests. */
class OpenApiDocumentFormatTest {

    @Test
    void yamlUnlessJsonIsPreferred() {
        assertEquals(Format.YAML, format(null, null));
        assertEquals(Format.YAML, format(null, ""));
        assertEquals(Format.YAML, format(null, "*/*"));
        assertEquals(Format.YAML, format(null, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        assertEquals(Format.YAML, format(null, "application/json;q=0.5, text/plain"));
        assertEquals(Format.JSON, format(null, "application/json"));
        assertEquals(Format.JSON, format(null, "application/json,*/*"));
        assertEquals(Format.JSON, format(null, "text/plain;q=0.2, APPLICATION/JSON"));
        assertEquals(Format.JSON, format(null, "application/json, text/*;q=0.9"));
    }

    @Test
    void theFormatParameterDecidesWhateverTheAcceptSays() {
        assertEquals(Format.JSON, format("json", null));
        assertEquals(Format.JSON, format("JSON", "text/plain"));
        assertEquals(Format.YAML, format("yaml", "application/json"));
        assertEquals(Format.YAML, format("xml", null));
        assertEquals(Format.JSON, format("xml", "application/json"));
    }

    @Test
    void aClientThatTakesNeitherFormGetsNone() {
        assertNull(format(null, "text/html"));
        assertNull(format(null, "application/yaml"));
        assertNull(format(null, "application/json;q=0, text/plain;q=0"));
        assertNull(format(null, "*/*;q=0"));
        assertNull(format(null, "application/json;q=nonsense"));
    }
}
