/**
 * The one way JSON request bodies come in: read within the size limit, bound strictly to
 * records, validated by the container's Bean Validation, and refused with per-field 400s.
 */
package io.taskmanager.input;
