-- Personal access tokens: named, scoped, expiring credentials for scripts, usable on the task
-- routes only. Kept as SHA-256 of the token (256 random bits, shown to its owner once).
CREATE TABLE personal_access_tokens (
    id           bigserial    PRIMARY KEY,
    user_id      bigint       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         varchar(100) NOT NULL,
    -- space-separated, from: tasks:read tasks:write
    scopes       varchar(100) NOT NULL,
    token_hash   bytea        NOT NULL UNIQUE,
    created_at   timestamptz  NOT NULL,
    expires_at   timestamptz  NOT NULL,
    last_used_at timestamptz
);

CREATE INDEX personal_access_tokens_user_id ON personal_access_tokens (user_id);
