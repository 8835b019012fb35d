/**
 * The one error envelope (and RFC 9457 problem details for clients that ask), built by one
 * exception mapper per kind of failure. Uses only platform.
 */
package io.taskmanager.errors;
