-- The current password-reset request of each account (a new request supersedes the old).
-- The code is kept only as an HMAC; the otp-token and reset-token are known by their ids.
-- Mails and wrong codes are counted per 15-minute window that survives superseding, so
-- asking for new codes neither floods an inbox nor buys more guesses.
CREATE TABLE password_resets (
    user_id           bigint      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    request_id        varchar(64) NOT NULL UNIQUE,
    code_hash         char(64),
    code_expires_at   timestamptz NOT NULL,
    wrong_codes       integer     NOT NULL DEFAULT 0,
    window_started_at timestamptz NOT NULL,
    mails_in_window   integer     NOT NULL,
    reset_token_id    varchar(64) UNIQUE,
    reset_expires_at  timestamptz,
    reset_used        boolean     NOT NULL DEFAULT false
);
