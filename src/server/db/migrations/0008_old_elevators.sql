-- Old elevators (issue 7): one hazard workflow for every source, the explainable risk score, safety assessments
-- (GB/T 42615) and the appointment of a management subject for elevators nobody manages.

-- Hazards (隐患) from any source. Inspection defects were the first source; their table becomes the shared one,
-- keeping its rows and ids. A general repair goes to the maintenance company (open → fixed → verified → closed);
-- a major repair, modernisation or replacement needs a plan agreed by the parties first
-- (open → planned → agreed → in_progress → fixed → verified → closed).
ALTER TABLE inspection_defect RENAME TO hazard;
ALTER INDEX inspection_defect_open_idx RENAME TO hazard_open_idx;
ALTER INDEX inspection_defect_elevator_idx RENAME TO hazard_elevator_idx;
ALTER INDEX inspection_defect_region_idx RENAME TO hazard_region_idx;
ALTER TABLE hazard ALTER COLUMN report_id DROP NOT NULL;
ALTER TABLE hazard DROP CONSTRAINT inspection_defect_status_check;
ALTER TABLE hazard ADD CONSTRAINT hazard_status_check
  CHECK (status IN ('open', 'planned', 'agreed', 'in_progress', 'fixed', 'verified', 'closed'));
ALTER TABLE hazard ADD COLUMN source text NOT NULL DEFAULT 'inspection'
  CHECK (source IN ('inspection', 'maintenance', 'assessment', 'supervision', 'complaint'));
ALTER TABLE hazard ADD COLUMN source_ref text;            -- the record it came from: maintenance record, assessment, …
ALTER TABLE hazard ADD COLUMN remedy text NOT NULL DEFAULT 'repair'
  CHECK (remedy IN ('repair', 'major_repair', 'modernise', 'replace'));
ALTER TABLE hazard ADD COLUMN responsible_org_id bigint REFERENCES organization (id);
ALTER TABLE hazard ADD COLUMN plan jsonb;                  -- {text, dueOn, cost, proposedBy, agreedBy: [{orgId, name, at}]}
ALTER TABLE hazard ADD COLUMN project_id bigint;           -- a renovation project carrying the work out
ALTER TABLE hazard ADD COLUMN raised_by bigint;            -- the user who raised it (null: from a report)
ALTER TABLE hazard ADD COLUMN updated_at timestamptz;
CREATE INDEX hazard_source_idx ON hazard (source, source_ref);
CREATE INDEX hazard_project_idx ON hazard (project_id) WHERE project_id IS NOT NULL;

-- Risk model versions: weights and grade thresholds. A new version is a new row; scores name the version used.
CREATE TABLE risk_model (
  version    integer PRIMARY KEY,
  params     jsonb NOT NULL, -- {weights, thresholds, categoryFactors, placeFactors, scales}
  note       text,
  created_by bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The latest score per elevator with the inputs it was computed from (so it can be explained and reproduced).
CREATE TABLE risk_score (
  -- No foreign keys: only the recomputation writes these rows, from elevator rows and a stored model version (neither
  -- is ever deleted); checking two keys per row was a third of the time of scoring a province.
  elevator_id        bigint PRIMARY KEY,
  region_code        text COLLATE "C" NOT NULL,
  model_version      integer NOT NULL,
  score              real NOT NULL,   -- 0–100
  grade              smallint NOT NULL, -- 1–4, 4 highest risk
  age_years          real,            -- since commissioning (else registration, else manufacture)
  category_code      text NOT NULL,
  place_type         text NOT NULL,
  faults_12m         integer NOT NULL, -- IoT alarms opened in the last 12 months
  entrapments_12m    integer NOT NULL, -- 96333 trapped incidents in the last 12 months
  last_conclusion    text,            -- of the latest inspection report
  open_defects       integer NOT NULL, -- open hazards, all sources
  serious_defects    integer NOT NULL, -- of which serious
  maint_overdue_days integer NOT NULL, -- days past the maintenance due date
  maint_flags_12m    integer NOT NULL, -- maintenance record flags not dismissed, last 12 months
  complaints_12m     integer NOT NULL, -- complaints about the elevator, last 12 months
  contributions      real[] NOT NULL,  -- points per factor, in the model's factor order; they sum to the score
  computed_at        timestamptz NOT NULL
);
CREATE INDEX risk_score_rank_idx ON risk_score (score DESC, elevator_id);
CREATE INDEX risk_score_region_idx ON risk_score (region_code, score DESC);

-- Scores by county, place type and grade, rewritten after each full recomputation (the ranking's counts read it
-- instead of a province of rows).
CREATE TABLE risk_grade_count (
  region_code text COLLATE "C" NOT NULL,
  place_type  text NOT NULL,
  grade       smallint NOT NULL,
  n           integer NOT NULL,
  PRIMARY KEY (region_code, place_type, grade)
);

-- Old-elevator lists of the stock (in use or stopped): registered before 2009-01-01; made on or before 2004-12-31
-- without known ascending-overspeed protection. Ordered by date (a page is the first rows of the index that match
-- the region) and by region (counts of a region read a range).
CREATE INDEX elevator_old_registered_idx ON elevator (registration_date, id)
  WHERE registration_date < '2009-01-01' AND status IN ('IN_USE', 'STOPPED');
CREATE INDEX elevator_old_registered_region_idx ON elevator (region_code)
  WHERE registration_date < '2009-01-01' AND status IN ('IN_USE', 'STOPPED');
CREATE INDEX elevator_overspeed_idx ON elevator (manufacture_date, id)
  WHERE manufacture_date <= '2004-12-31' AND ascending_overspeed_protection IS NOT TRUE AND status IN ('IN_USE', 'STOPPED');
CREATE INDEX elevator_overspeed_region_idx ON elevator (region_code)
  WHERE manufacture_date <= '2004-12-31' AND ascending_overspeed_protection IS NOT TRUE AND status IN ('IN_USE', 'STOPPED');
-- Stock without a registration date: no age tier can be told (a data-quality figure on the dashboard).
CREATE INDEX elevator_no_registration_date_idx ON elevator (region_code) WHERE registration_date IS NULL AND status IN ('IN_USE', 'STOPPED');

-- The tiers an elevator of the stock falls in (mirrors risk.domain.ts tiersOf; risk.test.ts checks they agree).
CREATE FUNCTION elevator_old_tiers(status text, registration_date date, manufacture_date date, protection boolean)
RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN status NOT IN ('IN_USE', 'STOPPED') THEN '{}'::text[] ELSE array_remove(ARRAY[
    CASE WHEN registration_date < DATE '2009-01-01' THEN '15' END,
    CASE WHEN registration_date < DATE '2004-01-01' THEN '20' END,
    CASE WHEN manufacture_date <= DATE '2004-12-31' AND protection IS NOT TRUE THEN 'overspeed' END], NULL) END
$$;

-- Old-elevator counts per county, place type and tier, kept by statement-level triggers like elevator_count (the
-- province's lists and dashboard read totals here instead of counting hundreds of thousands of rows). Bulk loads
-- disable the triggers (their names start with elevator_count_) and recount at the end.
CREATE TABLE elevator_old_count (
  region_code text COLLATE "C" NOT NULL,
  place_type  text NOT NULL,
  tier        text NOT NULL,
  n           bigint NOT NULL,
  PRIMARY KEY (region_code, place_type, tier)
);
INSERT INTO elevator_old_count (region_code, place_type, tier, n)
SELECT e.region_code, e.place_type, t.tier, count(*)
  FROM elevator e, unnest(elevator_old_tiers(e.status, e.registration_date, e.manufacture_date, e.ascending_overspeed_protection)) AS t(tier)
 GROUP BY 1, 2, 3;

CREATE FUNCTION elevator_old_count_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO elevator_old_count AS c (region_code, place_type, tier, n)
  SELECT r.region_code, r.place_type, t.tier, count(*)
    FROM new_rows r, unnest(elevator_old_tiers(r.status, r.registration_date, r.manufacture_date, r.ascending_overspeed_protection)) AS t(tier)
   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (region_code, place_type, tier) DO UPDATE SET n = c.n + excluded.n;
  RETURN NULL;
END $$;

CREATE FUNCTION elevator_old_count_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO elevator_old_count AS c (region_code, place_type, tier, n)
  SELECT r.region_code, r.place_type, t.tier, -count(*)
    FROM old_rows r, unnest(elevator_old_tiers(r.status, r.registration_date, r.manufacture_date, r.ascending_overspeed_protection)) AS t(tier)
   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (region_code, place_type, tier) DO UPDATE SET n = c.n + excluded.n;
  RETURN NULL;
END $$;

CREATE FUNCTION elevator_old_count_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only rows whose counted columns changed move between buckets.
  WITH moved AS (
    SELECT o.region_code AS o_region, o.place_type AS o_place,
           elevator_old_tiers(o.status, o.registration_date, o.manufacture_date, o.ascending_overspeed_protection) AS o_tiers,
           n.region_code AS n_region, n.place_type AS n_place,
           elevator_old_tiers(n.status, n.registration_date, n.manufacture_date, n.ascending_overspeed_protection) AS n_tiers
      FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE (o.region_code, o.place_type, o.status, o.registration_date, o.manufacture_date, o.ascending_overspeed_protection)
           IS DISTINCT FROM (n.region_code, n.place_type, n.status, n.registration_date, n.manufacture_date, n.ascending_overspeed_protection)
  ), delta AS (
    SELECT o_region AS r, o_place AS p, t.tier, -count(*) AS d FROM moved, unnest(o_tiers) AS t(tier) GROUP BY 1, 2, 3
    UNION ALL
    SELECT n_region, n_place, t.tier, count(*) FROM moved, unnest(n_tiers) AS t(tier) GROUP BY 1, 2, 3
  )
  INSERT INTO elevator_old_count AS c (region_code, place_type, tier, n)
  SELECT r, p, tier, sum(d) FROM delta GROUP BY 1, 2, 3 HAVING sum(d) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (region_code, place_type, tier) DO UPDATE SET n = c.n + excluded.n;
  RETURN NULL;
END $$;

CREATE TRIGGER elevator_count_old_ins_trg AFTER INSERT ON elevator
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION elevator_old_count_ins();
CREATE TRIGGER elevator_count_old_upd_trg AFTER UPDATE ON elevator
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION elevator_old_count_upd();
CREATE TRIGGER elevator_count_old_del_trg AFTER DELETE ON elevator
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION elevator_old_count_del();

-- Safety assessments (GB/T 42615): commissioned by a use unit or a region, recorded by a qualified agency.
CREATE TABLE safety_assessment (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elevator_id        bigint NOT NULL REFERENCES elevator (id),
  region_code        text COLLATE "C" NOT NULL,
  commissioned_by    bigint NOT NULL REFERENCES organization (id), -- the use unit or the regulator
  agency_org_id      bigint NOT NULL REFERENCES organization (id),
  status             text NOT NULL CHECK (status IN ('commissioned', 'submitted', 'cancelled')),
  due_on             date,
  report_no          text,
  assessed_on        date,
  items              jsonb,   -- [{group, item, finding, risk}]
  grade              smallint, -- on the region's scale (default 1–4, 4 highest risk)
  grade_scale        smallint,
  conclusion         text CHECK (conclusion IN ('continue', 'repair', 'modernise', 'replace')),
  measures           text,
  data_pack          jsonb,   -- what the platform knew when commissioned
  created_by         bigint,
  created_at         timestamptz NOT NULL,
  submitted_at       timestamptz,
  UNIQUE (agency_org_id, report_no)
);
CREATE INDEX safety_assessment_elevator_idx ON safety_assessment (elevator_id);
CREATE INDEX safety_assessment_region_idx ON safety_assessment (region_code, status);
CREATE INDEX safety_assessment_agency_idx ON safety_assessment (agency_org_id, status);

-- Elevators without a determinable use unit: a task for the street office of their region until it appoints one.
CREATE TABLE stewardship_task (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elevator_id      bigint NOT NULL REFERENCES elevator (id),
  region_code      text COLLATE "C" NOT NULL,
  status           text NOT NULL CHECK (status IN ('open', 'appointed', 'withdrawn')),
  appointed_org_id bigint REFERENCES organization (id),
  appointee_kind   text CHECK (appointee_kind IN ('property', 'maintenance', 'professional', 'owner')),
  note             text,
  opened_at        timestamptz NOT NULL,
  closed_at        timestamptz,
  closed_by        bigint
);
CREATE UNIQUE INDEX stewardship_task_open_idx ON stewardship_task (elevator_id) WHERE status = 'open';
CREATE INDEX stewardship_task_region_idx ON stewardship_task (region_code, status);
