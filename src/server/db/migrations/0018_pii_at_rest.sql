-- Personal phone numbers at rest: AES-256-GCM ciphertext written by the application (`v1:` + base64, PII_KEY),
-- plus a keyed HMAC-SHA256 of the digits where the platform searches by phone. The existing plaintext rows are
-- converted by the application right after the migrations (src/server/db/pii-migration.ts), which then validates
-- the CHECK constraints below; from then on the store refuses a plaintext phone from any code path.
ALTER TABLE app_user ADD COLUMN phone_hash text COLLATE "C";
CREATE INDEX app_user_phone_hash_idx ON app_user (phone_hash) WHERE phone_hash IS NOT NULL;
ALTER TABLE app_user ADD CONSTRAINT app_user_phone_encrypted CHECK (phone IS NULL OR phone LIKE 'v1:%') NOT VALID;

ALTER TABLE incident ADD COLUMN caller_phone_hash text COLLATE "C";
CREATE INDEX incident_caller_phone_hash_idx ON incident (caller_phone_hash) WHERE caller_phone_hash IS NOT NULL;
ALTER TABLE incident ADD CONSTRAINT incident_caller_phone_encrypted CHECK (caller_phone IS NULL OR caller_phone LIKE 'v1:%') NOT VALID;

ALTER TABLE complaint ADD COLUMN reporter_contact_hash text COLLATE "C";
CREATE INDEX complaint_reporter_contact_hash_idx ON complaint (reporter_contact_hash) WHERE reporter_contact_hash IS NOT NULL;
ALTER TABLE complaint ADD CONSTRAINT complaint_reporter_contact_encrypted CHECK (reporter_contact IS NULL OR reporter_contact LIKE 'v1:%') NOT VALID;

-- Application-level data migrations that have finished (by name), so they run once per store.
CREATE TABLE data_migration (
  name       text PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
);
