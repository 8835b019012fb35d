package io.taskmanager.input;

import jakarta.json.JsonObject;

/**
 * A request body kept as its JSON object, for a resource that must tell an absent field from
 * a null one. Parsed by {@link JsonRecordReader} as strictly as a record; taking
 * {@link JsonObject} directly would let the server's own JSON-P reader win, which keeps the
 * last of duplicate keys and answers 500 to malformed JSON.
 */
public record JsonBody(JsonObject object) {
}
