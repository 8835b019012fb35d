/**
 * Mails (one-time codes, notices) sent on the server's managed executor after the transaction
 * that asked for them commits, or written to the log in development mode.
 */
package io.taskmanager.mail;
