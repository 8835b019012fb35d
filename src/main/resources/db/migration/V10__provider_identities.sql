-- Single sign-on: an account the organisation's OpenID Connect provider vouches for is found by
-- the provider's (iss, sub), never by its email (an address is no proof of who holds it here).
-- When the account is deleted its link stays, without the account, as a tombstone, and
-- deleted_at stays even once a later sign-in links a new account: a token the provider issued
-- before the deletion must never speak for any account of that person again.
CREATE TABLE provider_identities (
    issuer     varchar(512) NOT NULL,
    subject    varchar(255) NOT NULL,
    user_id    bigint       UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz  NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    PRIMARY KEY (issuer, subject),
    CONSTRAINT provider_identities_linked_or_deleted CHECK (user_id IS NOT NULL OR deleted_at IS NOT NULL)
);

-- An account the provider created has no local password (it signs in only with the provider's
-- tokens), and no address when the provider sent none or another account already has it.
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
