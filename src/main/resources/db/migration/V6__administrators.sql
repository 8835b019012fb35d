-- Administrator rights belong to an account, granted by the operator through
-- taskmanager.admin.usernames and recorded here at start-up (AdministratorGrants).
ALTER TABLE users ADD COLUMN administrator BOOLEAN NOT NULL DEFAULT false;

-- When a start first saw each name in taskmanager.admin.usernames. Only an account that
-- already existed then is granted, so signing up with a listed name makes nobody an admin.
-- A name removed from the setting loses its row (and its account the right) at the next start.
CREATE TABLE administrator_listings (
    username_key VARCHAR(20) PRIMARY KEY,
    listed_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
