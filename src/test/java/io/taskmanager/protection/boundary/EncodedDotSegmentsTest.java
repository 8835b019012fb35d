package io.taskmanager.protection.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EncodedDotSegmentsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/api/%2e%2e/metrics,true",
            "/api/%2E%2E/docs/,true",
            "/api/..%2fmetrics,true",
            "/api/..%2Fmetrics,true",
            "/%2e%2e/metrics,true",
            "/api/tasks/%2e%2e/%2e%2e/metrics,true",
            "/api/.%2e/metrics,true",
            "/api/%2e/tasks,true",
            "/api/%2e%2e;x=1/metrics,true",
            "/api/tasks/..%5c..%5cmetrics,true",
            "/api/tasks/1,false",
            "/api/tasks/%2e%2e%2e,false",
            "/api/tasks/a%2eb,false",
            "/api/tasks/%252e%252e,false",
            "/api/tasks/%20,false",
            "/docs/swagger-ui.css,false",
            "/api/tasks/../users/me,false",
    })
    void findsDotSegmentsAndSlashesHiddenInEscapes(String path, boolean hidden) {
        assertEquals(hidden, EncodedDotSegments.hidesDotSegments(path));
    }
}
