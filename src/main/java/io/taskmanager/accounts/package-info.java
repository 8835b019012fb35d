/**
 * Accounts and their tokens: signup, login with lockout, sessions with rotating refresh tokens,
 * logout, password reset by a mailed one-time code and password change, email verification and
 * change, deletion, personal access tokens, the signing keys (published at
 * /.well-known/jwks.json) and the access tokens that every other route checks, administrator
 * grants, and single sign-on: the organisation's OpenID Connect provider's access tokens
 * (IdentityProvider, ProviderKeys, ProviderTokens), linked to accounts by its subject
 * (LinkedAccounts). Uses mail, operations, protection, input, errors and platform; only tasks and
 * export use it.
 */
package io.taskmanager.accounts;
