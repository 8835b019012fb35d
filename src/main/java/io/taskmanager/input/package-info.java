/**
 * The way JSON request bodies come in: read within the size limit, bound to records,
 * validated, and refused with per-field 400s.
 */
package io.taskmanager.input;
