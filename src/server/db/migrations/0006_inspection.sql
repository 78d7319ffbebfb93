-- Inspection and self-testing supervision (应检尽检): inspectors, plans, reports, defects → rectification,
-- report quality flags, the computed schedule per elevator, postponements and key measured items.

-- An inspector's certificate at an employer over a period. The same certificate under two employers at once is 挂证.
CREATE TABLE inspector (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id         bigint NOT NULL REFERENCES organization (id),
  name           text NOT NULL,
  certificate_no text COLLATE "C" NOT NULL,
  qualification  text NOT NULL, -- e.g. 电梯检验员, 电梯检验师
  valid_from     date,
  valid_to       date,           -- the certificate's expiry
  employed_from  date NOT NULL,
  employed_to    date,           -- null while employed
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, certificate_no, employed_from)
);
CREATE INDEX inspector_certificate_idx ON inspector (certificate_no);

CREATE TABLE inspection_report (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elevator_id      bigint NOT NULL REFERENCES elevator (id),
  region_code      text COLLATE "C" NOT NULL, -- of the elevator, for regulators' scope
  agency_org_id    bigint NOT NULL REFERENCES organization (id),
  report_no        text NOT NULL,
  type             text NOT NULL CHECK (type IN ('acceptance', 'periodic', 'self_test', 'reinspection')),
  supervisory_kind text CHECK (supervisory_kind IN ('installation', 'modernisation', 'major_repair')),
  date             date NOT NULL,
  conclusion       text NOT NULL CHECK (conclusion IN ('pass', 'pass_after_reinspection', 'fail', 'fail_after_reinspection', 'pending')),
  inspectors       jsonb NOT NULL, -- [{name, certificateNo}]
  signer_name      text NOT NULL,
  signer_cert      text NOT NULL,
  measurements     jsonb NOT NULL,
  pdf_sha256       text,
  pdf_bytes        integer,
  created_by       bigint,
  created_at       timestamptz NOT NULL,
  UNIQUE (agency_org_id, report_no)
);
CREATE INDEX inspection_report_elevator_idx ON inspection_report (elevator_id, date);
CREATE INDEX inspection_report_region_idx ON inspection_report (region_code, date);
CREATE INDEX inspection_report_agency_idx ON inspection_report (agency_org_id, date);

-- Who was on site for which report: the same-day and per-day checks read this.
CREATE TABLE inspection_report_inspector (
  report_id      bigint NOT NULL REFERENCES inspection_report (id) ON DELETE CASCADE,
  certificate_no text COLLATE "C" NOT NULL,
  name           text NOT NULL,
  date           date NOT NULL,
  PRIMARY KEY (report_id, certificate_no)
);
CREATE INDEX inspection_report_inspector_day_idx ON inspection_report_inspector (certificate_no, date);

-- Each defect is a rectification task for the use unit: deadline, evidence, re-inspection, closure.
CREATE TABLE inspection_defect (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_id     bigint NOT NULL REFERENCES inspection_report (id) ON DELETE CASCADE,
  elevator_id   bigint NOT NULL REFERENCES elevator (id),
  region_code   text COLLATE "C" NOT NULL,
  use_unit_id   bigint,
  item          text NOT NULL,
  description   text NOT NULL,
  severity      text NOT NULL CHECK (severity IN ('serious', 'general')),
  status        text NOT NULL CHECK (status IN ('open', 'fixed', 'verified', 'closed')),
  deadline      date NOT NULL,
  evidence      jsonb NOT NULL DEFAULT '[]',
  fixed_at      timestamptz,
  verified_at   timestamptz,
  closed_at     timestamptz,
  escalated_at  timestamptz,
  created_at    timestamptz NOT NULL
);
CREATE INDEX inspection_defect_open_idx ON inspection_defect (deadline) WHERE status IN ('open', 'fixed');
CREATE INDEX inspection_defect_elevator_idx ON inspection_defect (elevator_id);
CREATE INDEX inspection_defect_region_idx ON inspection_defect (region_code, status);

-- A quality check's finding on a report, with its evidence; regulators record the outcome.
CREATE TABLE inspection_flag (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_id   bigint NOT NULL REFERENCES inspection_report (id) ON DELETE CASCADE,
  region_code text COLLATE "C" NOT NULL,
  code        text NOT NULL,
  message     text NOT NULL,
  evidence    jsonb NOT NULL,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed')),
  outcome     text,
  reviewed_by bigint,
  reviewed_at timestamptz,
  created_at  timestamptz NOT NULL,
  UNIQUE (report_id, code, message)
);
CREATE INDEX inspection_flag_region_idx ON inspection_flag (region_code, status);

-- Plans: an agency's planned visits (submitted before going on site), or a use unit's application.
CREATE TABLE inspection_plan (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('agency_plan', 'application')),
  elevator_id   bigint NOT NULL REFERENCES elevator (id),
  region_code   text COLLATE "C" NOT NULL,
  org_id        bigint NOT NULL REFERENCES organization (id), -- the agency, or the applying use unit
  agency_org_id bigint REFERENCES organization (id),
  planned_date  date NOT NULL,
  type          text NOT NULL CHECK (type IN ('periodic', 'self_test', 'acceptance', 'reinspection')),
  inspectors    jsonb NOT NULL DEFAULT '[]',
  status        text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'done', 'cancelled')),
  report_id     bigint REFERENCES inspection_report (id),
  created_by    bigint,
  created_at    timestamptz NOT NULL
);
CREATE INDEX inspection_plan_elevator_idx ON inspection_plan (elevator_id, planned_date);
CREATE INDEX inspection_plan_region_idx ON inspection_plan (region_code, planned_date);

-- The schedule as computed (schedule.ts), per elevator: overdue lists and counts read this, not the reports.
-- Kept narrow (a million rows are rewritten when every schedule is recomputed); the reason is computed on display.
CREATE TABLE inspection_due (
  elevator_id   bigint PRIMARY KEY REFERENCES elevator (id) ON DELETE CASCADE,
  region_code   text COLLATE "C" NOT NULL,
  next_due_date date,
  next_type     text,
  year          smallint
);
CREATE INDEX inspection_due_region_idx ON inspection_due (region_code, next_due_date);
CREATE INDEX inspection_due_date_idx ON inspection_due (next_due_date);

-- Regulator-declared postponements (disasters, epidemics): due dates in the period move by `days`.
CREATE TABLE inspection_postponement (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_prefix text COLLATE "C" NOT NULL,
  date_from     date NOT NULL,
  date_to       date NOT NULL,
  days          integer NOT NULL CHECK (days BETWEEN 1 AND 730),
  reason        text NOT NULL,
  created_by    bigint,
  created_at    timestamptz NOT NULL
);

-- Key measured items a report must carry, per category prefix ('' = every elevator), with physical ranges.
CREATE TABLE inspection_key_item (
  category_prefix text NOT NULL,
  key             text NOT NULL,
  name            text NOT NULL,
  unit            text,
  min_value       numeric,
  max_value       numeric,
  required        boolean NOT NULL DEFAULT true,
  PRIMARY KEY (category_prefix, key)
);
INSERT INTO inspection_key_item (category_prefix, key, name, unit, min_value, max_value, required) VALUES
  ('311', 'balanceCoefficient', '平衡系数', '', 0.40, 0.50, true),
  ('312', 'balanceCoefficient', '平衡系数', '', 0.40, 0.50, true),
  ('31', 'brakeTest', '制动试验（125% 额定载荷下行制停）', 'pass', NULL, NULL, true),
  ('31', 'doorLockEngagementMm', '层门锁紧元件啮合长度', 'mm', 7, 30, true),
  ('32', 'doorLockEngagementMm', '层门锁紧元件啮合长度', 'mm', 7, 30, true),
  ('34', 'doorLockEngagementMm', '层门锁紧元件啮合长度', 'mm', 7, 30, true),
  ('3', 'insulationResistanceMOhm', '绝缘电阻（动力电路）', 'MΩ', 0.5, 1000, true),
  ('31', 'ratedSpeedDeviationPct', '额定速度偏差', '%', -8, 5, false),
  ('33', 'handrailSpeedDeviationPct', '扶手带速度偏差', '%', 0, 2, true);

-- Rules of the checks, per region prefix ('' = everywhere): see inspection.domain.ts for the keys.
CREATE TABLE inspection_rule_setting (
  region_prefix text COLLATE "C" NOT NULL,
  key           text NOT NULL,
  value         numeric NOT NULL,
  updated_by    bigint,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (region_prefix, key)
);
