-- Whether the account's address is proven to reach its owner: by a code mailed to it.
ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT false;

-- The current email code of each account (a new request supersedes the old): to verify the
-- address it has, or to move to a new one. As for reset codes, the code is kept only as an
-- HMAC, and mails and wrong codes are counted per 15-minute window that survives superseding.
CREATE TABLE email_codes (
    user_id           bigint       PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email             varchar(254) NOT NULL,
    code_hash         char(64),
    code_expires_at   timestamptz  NOT NULL,
    wrong_codes       integer      NOT NULL DEFAULT 0,
    window_started_at timestamptz  NOT NULL,
    mails_in_window   integer      NOT NULL
);
