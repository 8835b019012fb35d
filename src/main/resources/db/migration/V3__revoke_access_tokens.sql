-- Access tokens stop working before they expire in two ways: logout revokes one token by its
-- jti, and a password reset bumps password_version, which every older token carries lower.
ALTER TABLE users ADD COLUMN password_version integer NOT NULL DEFAULT 0;

CREATE TABLE revoked_access_tokens (
    jti        varchar(64) PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL
);

CREATE INDEX revoked_access_tokens_expires_at ON revoked_access_tokens (expires_at);
