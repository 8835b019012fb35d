-- A session is what one login started: the refresh tokens it rotates through and the access
-- tokens they were traded for (each carries the session's id as "sid"). Deleting the row ends
-- the session everywhere at once: every access token naming it fails the per-request check,
-- and its refresh tokens go with it.
CREATE TABLE sessions (
    id           bigserial    PRIMARY KEY,
    user_id      bigint       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    last_used_at timestamptz  NOT NULL DEFAULT now(),
    -- the current refresh token's expiry: each rotation moves it on
    expires_at   timestamptz  NOT NULL,
    ip           varchar(45)  NOT NULL,
    user_agent   varchar(200) NOT NULL
);

CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- Refresh tokens, as SHA-256 of the token only. A spent one is kept while its session lives:
-- presenting it again is a theft, and ends the session.
CREATE TABLE refresh_tokens (
    token_hash bytea   PRIMARY KEY,
    session_id bigint  NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    spent      boolean NOT NULL DEFAULT false
);

CREATE INDEX refresh_tokens_session_id ON refresh_tokens (session_id);
