/**
 * The account's data, whole, for its owner to take away (a GDPR right): the account, every
 * task and every session as one JSON document, streamed.
 */
package io.taskmanager.export;
