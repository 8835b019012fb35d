/**
 * Accounts and their tokens: signup, login with lockout, logout, password reset by a mailed
 * one-time code, the access tokens that every other route checks, administrator grants.
 * Uses mail, operations, protection, input, errors and platform; only tasks uses it.
 */
package io.taskmanager.accounts;
