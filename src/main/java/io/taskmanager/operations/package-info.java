/**
 * What an operator sees: the request log, the metrics at /metrics, the OpenAPI document.
 * Observes protection (its events, its bans) and knows no feature.
 */
package io.taskmanager.operations;
