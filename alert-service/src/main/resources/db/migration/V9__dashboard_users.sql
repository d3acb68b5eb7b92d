-- Issue 8: the operators' dashboard requires a login. Its users live here, with a PBKDF2 hash of
-- their password (never the password): 'pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>'.
-- A role implies the ones below it: admin > operator > viewer.

CREATE TABLE dashboard_users (
    username      text        PRIMARY KEY CHECK (length(username) BETWEEN 1 AND 100),
    password_hash text        NOT NULL CHECK (password_hash LIKE 'pbkdf2-sha256$%'),
    role          text        NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    created_at    timestamptz NOT NULL DEFAULT now()
);
