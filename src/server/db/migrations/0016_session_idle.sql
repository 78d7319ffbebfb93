-- Idle timeout: a session also ends SESSION_IDLE_MINUTES after its last use (touched at most once a minute).
ALTER TABLE user_session ADD COLUMN last_seen_at timestamptz;
UPDATE user_session SET last_seen_at = created_at WHERE last_seen_at IS NULL;
ALTER TABLE user_session ALTER COLUMN last_seen_at SET NOT NULL;
