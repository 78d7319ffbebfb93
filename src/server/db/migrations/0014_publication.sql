-- Issue 8 item 1: published statistics. A regulator prepares a period's release for its region (a snapshot of the
-- figures, hashed), another regulator approves it, and it becomes public. A published release never changes:
-- a correction is a new version that supersedes it (the old one stays readable, marked superseded).
CREATE TABLE publication (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code     text COLLATE "C" NOT NULL,          -- 6-digit code of the province or city the release covers
  period          text NOT NULL CHECK (period ~ '^\d{4}Q[1-4]$'),
  version         integer NOT NULL CHECK (version >= 1),
  status          text NOT NULL CHECK (status IN ('draft', 'published', 'superseded', 'discarded')),
  content         jsonb NOT NULL,
  content_sha256  text NOT NULL,
  correction_note text,                                -- why a version after the first was made
  prepared_by     bigint NOT NULL,
  prepared_by_name text NOT NULL,
  prepared_at     timestamptz NOT NULL,
  reviewed_by     bigint,
  reviewed_by_name text,
  reviewed_at     timestamptz,
  review_note     text,
  superseded_by   bigint REFERENCES publication (id),
  UNIQUE (region_code, period, version)
);
-- At most one draft and one published version per region and period.
CREATE UNIQUE INDEX publication_one_draft_idx ON publication (region_code, period) WHERE status = 'draft';
CREATE UNIQUE INDEX publication_one_published_idx ON publication (region_code, period) WHERE status = 'published';
CREATE INDEX publication_public_idx ON publication (period DESC, region_code) WHERE status IN ('published', 'superseded');

-- What was published stays as it was published: the store refuses to change its figures or to delete it, whoever asks.
CREATE FUNCTION publication_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status IN ('published', 'superseded') THEN
      RAISE EXCEPTION 'publication % is published and cannot be deleted', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status IN ('published', 'superseded') AND (
       NEW.content IS DISTINCT FROM OLD.content OR NEW.content_sha256 IS DISTINCT FROM OLD.content_sha256
    OR NEW.region_code IS DISTINCT FROM OLD.region_code OR NEW.period IS DISTINCT FROM OLD.period
    OR NEW.version IS DISTINCT FROM OLD.version OR NEW.reviewed_at IS DISTINCT FROM OLD.reviewed_at
    OR NEW.reviewed_by IS DISTINCT FROM OLD.reviewed_by
    OR NOT (NEW.status = OLD.status OR (OLD.status = 'published' AND NEW.status = 'superseded'))) THEN
    RAISE EXCEPTION 'publication % is published and cannot be changed', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status = 'discarded' AND NEW IS DISTINCT FROM OLD THEN
    RAISE EXCEPTION 'publication % was discarded', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER publication_immutable BEFORE UPDATE OR DELETE ON publication FOR EACH ROW EXECUTE FUNCTION publication_immutable();
