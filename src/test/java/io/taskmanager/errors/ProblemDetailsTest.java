package io.taskmanager.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ProblemDetailsTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "application/problem+json|true",
            "Application/Problem+JSON|true",
            "application/json, application/problem+json|true",
            "application/problem+json;q=0.9, application/json|false",
            "application/json;q=0.5, application/problem+json;q=0.8|true",
            "application/problem+json;q=0|false",
            "application/problem+json;q=abc|false",
            "*/*|false",
            "application/json|false",
            "text/html, application/problem+json;q=0.1|true",
            "NULL|false",
            "''|false",
    })
    void problemFormIsChosenWhenAcceptRanksItAtLeastAsHighAsJson(String accept, boolean wanted) {
        assertEquals(wanted, ProblemDetails.wanted(accept));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "application/problem+json|true",
            "text/html, application/problem+json;q=0.1|true",
            "application/problem+json, application/json;q=0|true",
            "application/json, application/problem+json|false",
            "application/problem+json, */*;q=0.1|false",
            "application/problem+json, application/*|false",
            "application/problem+json;q=0|false",
            "text/html|false",
            "NULL|false",
    })
    void onlyProblemsWhenNothingJsonWouldSatisfyIsAccepted(String accept, boolean only) {
        assertEquals(only, ProblemDetails.onlyProblems(accept));
        if (only) {
            // what ProblemOnlyClients makes of it still prefers the problem form for errors
            assertEquals(true, ProblemDetails.wanted(accept + ", " + ProblemOnlyClients.JSON_AS_A_LAST_RESORT));
        }
    }

    @Test
    void theEnvelopesFieldsMoveToTheTopLevelUnderTheRfcsNames() {
        String envelope = "{\"errors\":{\"code\":\"BAD_REQUEST\",\"type\":\"bad_request\",\"status\":400,\"message\":\"Invalid input\","
                          + "\"reason\":null,\"details\":{\"title\":[\"Missing data for required field.\"]},\"instance\":\"/api/tasks#1\"}}";

        JsonObject problem = Json.createReader(new StringReader(ProblemDetails.fromEnvelope(envelope))).readObject();

        assertEquals(Json.createReader(new StringReader("{\"type\":\"bad_request\",\"title\":\"Invalid input\",\"status\":400,"
                + "\"detail\":null,\"instance\":\"/api/tasks#1\",\"code\":\"BAD_REQUEST\","
                + "\"details\":{\"title\":[\"Missing data for required field.\"]}}")).readObject(), problem);
    }
}
