-- Failed logins per account ('user:<id>') and per unknown identifier ('unknown:<sha-256>'),
-- so an unknown name locks exactly like a real one and lockout reveals no account.
CREATE TABLE login_failures (
    subject           varchar(80) PRIMARY KEY,
    failures          integer     NOT NULL,
    window_started_at timestamptz NOT NULL,
    locked_until      timestamptz
);

CREATE INDEX login_failures_window_started_at ON login_failures (window_started_at);
