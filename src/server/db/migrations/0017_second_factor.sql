-- Second factor (TOTP, RFC 6238) for accounts holding administrative permissions.
-- The secrets are AES-256-GCM encrypted by the application (PII_KEY); the database never sees them in clear.
ALTER TABLE app_user ADD COLUMN totp_secret text;          -- encrypted base32 secret, NULL = not enrolled
ALTER TABLE app_user ADD COLUMN totp_pending_secret text;  -- encrypted, between "show the secret" and the first code
ALTER TABLE app_user ADD COLUMN totp_enrolled_at timestamptz;
ALTER TABLE app_user ADD COLUMN totp_last_step bigint;     -- the last accepted 30-second step: older codes are replays

-- One-time recovery codes, stored as SHA-256 (they are random, 50 bits each).
CREATE TABLE user_recovery_code (
  user_id   bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at   timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- Between a correct password and the second factor: a short-lived challenge (stored as SHA-256 like session tokens).
CREATE TABLE login_challenge (
  token_hash text PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  purpose    text NOT NULL CHECK (purpose IN ('verify', 'enrol')),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX login_challenge_user_idx ON login_challenge (user_id);
