-- Issue 8, items 3 and 4: credit files (信用档案) and enforcement (监督检查, 执法措施, 隐患排查专项行动).

-- One fact in an organisation's credit file. Every source writes through credit.recordCreditEvent in its own
-- transaction; (org, source type, source id) is unique, so a source recorded twice is one event.
CREATE TABLE credit_event (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id         bigint NOT NULL REFERENCES organization (id),
  kind           text NOT NULL CHECK (kind IN ('penalty', 'warning', 'interview', 'exposure', 'listed_supervision',
                   'complaint_confirmed', 'report_flag_upheld', 'maintenance_grade', 'accident', 'commendation')),
  source_type    text NOT NULL,   -- enforcement_action, inspection_flag, maintenance_grade, incident, complaint, manual
  source_id      text NOT NULL,
  points         numeric(6, 2) NOT NULL, -- negative lowers the score; decided when recorded (credit.domain.ts)
  summary        text NOT NULL,
  evidence       jsonb NOT NULL,  -- {text, files: [sha256]}
  occurred_on    date NOT NULL,
  region_code    text COLLATE "C" NOT NULL, -- where it happened: regulators' lists filter by it
  published      boolean NOT NULL DEFAULT false,
  published_at   timestamptz,
  published_by   bigint,
  revoked_at     timestamptz,     -- a revoked event stays in the file, shown struck out, and counts nothing
  revoked_reason text,
  recorded_by    bigint,          -- a user; null when the platform recorded it from a source
  created_at     timestamptz NOT NULL,
  UNIQUE (org_id, source_type, source_id)
);
CREATE INDEX credit_event_org_idx ON credit_event (org_id, occurred_on);
CREATE INDEX credit_event_region_idx ON credit_event (region_code, occurred_on);

-- The current score of every organisation with a file (the regulators' list sorts on it).
CREATE TABLE credit_score (
  org_id      bigint PRIMARY KEY REFERENCES organization (id),
  score       numeric(6, 2) NOT NULL,
  grade       text NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D')),
  events      integer NOT NULL, -- events counted (inside the window, not revoked)
  computed_on date NOT NULL,
  updated_at  timestamptz NOT NULL
);
CREATE INDEX credit_score_rank_idx ON credit_score (score, org_id);

-- Every change of a score, with the event (or the window's expiry) that caused it: the chart over time.
CREATE TABLE credit_score_history (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id     bigint NOT NULL REFERENCES organization (id),
  at         timestamptz NOT NULL,
  score      numeric(6, 2) NOT NULL,
  grade      text NOT NULL,
  event_id   bigint REFERENCES credit_event (id),
  reason     text NOT NULL -- event, revoke, expiry
);
CREATE INDEX credit_score_history_org_idx ON credit_score_history (org_id, at);

-- Points per kind, window and thresholds per region prefix ('' everywhere); credit.domain.ts has the defaults.
CREATE TABLE credit_rule_setting (
  region_prefix text COLLATE "C" NOT NULL,
  key           text NOT NULL,
  value         double precision NOT NULL,
  updated_by    bigint,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (region_prefix, key)
);

-- 监督检查: a regulator's check of an organisation and/or elevators, with its findings.
CREATE TABLE supervision_check (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code   text COLLATE "C" NOT NULL,
  regulator_org_id bigint NOT NULL REFERENCES organization (id),
  target_org_id bigint REFERENCES organization (id),
  elevator_ids  bigint[] NOT NULL DEFAULT '{}',
  checked_on    date NOT NULL,
  inspector_ids bigint[] NOT NULL, -- users of the regulator on the check
  summary       text NOT NULL,
  created_by    bigint,
  created_at    timestamptz NOT NULL
);
CREATE INDEX supervision_check_region_idx ON supervision_check (region_code, checked_on);

CREATE TABLE supervision_finding (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  check_id    bigint NOT NULL REFERENCES supervision_check (id) ON DELETE CASCADE,
  elevator_id bigint REFERENCES elevator (id),
  description text NOT NULL,
  severity    text NOT NULL CHECK (severity IN ('serious', 'general')),
  hazard_id   bigint REFERENCES hazard (id),
  created_at  timestamptz NOT NULL
);
CREATE INDEX supervision_finding_check_idx ON supervision_finding (check_id);

-- 警示通报 / 约谈 / 曝光 / 挂牌督办 / 行政处罚 against an organisation.
CREATE TABLE enforcement_action (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('warning', 'interview', 'exposure', 'listed_supervision', 'penalty')),
  region_code     text COLLATE "C" NOT NULL,
  regulator_org_id bigint NOT NULL REFERENCES organization (id),
  target_org_id   bigint NOT NULL REFERENCES organization (id),
  check_id        bigint REFERENCES supervision_check (id),
  reason          text NOT NULL,
  legal_basis     text NOT NULL,
  deadline        date,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'revoked')),
  penalty_amount  numeric(14, 2),
  decision_no     text UNIQUE,   -- 行政处罚决定书文号
  follow_ups      jsonb NOT NULL DEFAULT '[]', -- [{at, by, note, fileSha256}]
  closure_note    text,
  closed_at       timestamptz,
  overdue_at      timestamptz,   -- set once by the sweep when the deadline passed while open
  published       boolean NOT NULL DEFAULT false,
  published_at    timestamptz,
  credit_event_id bigint REFERENCES credit_event (id),
  created_by      bigint,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  CHECK (kind <> 'penalty' OR (penalty_amount IS NOT NULL AND decision_no IS NOT NULL))
);
CREATE INDEX enforcement_action_region_idx ON enforcement_action (region_code, status, deadline);
CREATE INDEX enforcement_action_target_idx ON enforcement_action (target_org_id);

-- 隐患排查专项行动: elevators chosen by criteria, assigned to the regulator's inspectors, one result each.
CREATE TABLE campaign (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL,
  region_code text COLLATE "C" NOT NULL,
  regulator_org_id bigint NOT NULL REFERENCES organization (id),
  criteria    jsonb NOT NULL,
  assignment  text NOT NULL CHECK (assignment IN ('round_robin', 'by_county')),
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
  ends_on     date NOT NULL,
  created_by  bigint,
  created_at  timestamptz NOT NULL,
  closed_at   timestamptz
);
CREATE INDEX campaign_region_idx ON campaign (region_code);

CREATE TABLE campaign_elevator (
  campaign_id bigint NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
  elevator_id bigint NOT NULL REFERENCES elevator (id),
  region_code text COLLATE "C" NOT NULL,
  inspector_id bigint NOT NULL REFERENCES app_user (id),
  result      text NOT NULL DEFAULT 'pending' CHECK (result IN ('pending', 'ok', 'hazard')),
  note        text,
  hazard_id   bigint REFERENCES hazard (id),
  recorded_by bigint,
  recorded_at timestamptz,
  PRIMARY KEY (campaign_id, elevator_id)
);
CREATE INDEX campaign_elevator_inspector_idx ON campaign_elevator (inspector_id, result);
