-- Personnel (人员资质) and certificate-lending detection (挂证); manufacturers' risk control lists (风险管控清单),
-- fault statistics and advice (维保建议 / 安全提示) to use units and maintenance companies.

-- A person. The 身份证号 is never stored: only its HMAC-SHA256 under the server's PERSONNEL_ID_SECRET (to find the
-- same person again) and a masked form for display. People mirrored from maintenance-worker and inspector
-- registrations start without one (identity not yet verified); `origin` names the certificate they came from.
CREATE TABLE person (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name         text NOT NULL,
  id_hash      text COLLATE "C",
  id_masked    text,          -- 3701**********1234
  phone_masked text,          -- 138****5678; the full number is not kept
  origin       text COLLATE "C" UNIQUE, -- 'T:<certificate no>' / 'inspector:<certificate no>' for mirrored people
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX person_id_hash_idx ON person (id_hash) WHERE id_hash IS NOT NULL;

-- Certificates: A 特种设备安全管理 (use units' safety managers), T 电梯修理 (maintenance workers), inspector
-- qualifications. One row per (kind, number); expires_on is the review (复审) or expiry date.
CREATE TABLE person_certificate (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id     bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('A', 'T', 'inspector')),
  number        text COLLATE "C" NOT NULL,
  qualification text,           -- inspectors: 电梯检验员 / 电梯检验师
  authority     text,           -- issuing authority
  issued_on     date,
  expires_on    date,
  source        text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'maintenance_worker', 'inspector')),
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  UNIQUE (kind, number)
);
CREATE INDEX person_certificate_person_idx ON person_certificate (person_id);
CREATE INDEX person_certificate_number_idx ON person_certificate (number);

-- Employment history. Rows with a source mirror a maintenance_worker / inspector registration (kept in step by
-- the personnel sync); 'personnel' rows are entered here.
CREATE TABLE person_employment (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id      bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  org_id         bigint NOT NULL REFERENCES organization (id),
  role           text NOT NULL CHECK (role IN ('safety_manager', 'maintenance_worker', 'inspector', 'other')),
  certificate_id bigint REFERENCES person_certificate (id) ON DELETE SET NULL,
  employed_from  date NOT NULL,
  employed_to    date,
  source         text NOT NULL DEFAULT 'personnel' CHECK (source IN ('personnel', 'maintenance_worker', 'inspector')),
  source_id      bigint,
  created_at     timestamptz NOT NULL,
  CHECK (employed_to IS NULL OR employed_to >= employed_from)
);
CREATE UNIQUE INDEX person_employment_source_idx ON person_employment (source, source_id) WHERE source_id IS NOT NULL;
CREATE INDEX person_employment_person_idx ON person_employment (person_id, employed_from);
CREATE INDEX person_employment_org_idx ON person_employment (org_id, person_id);

-- Which person is the use unit's safety manager (安全管理员) of which elevator; the registry has no such field.
-- History is kept: a reassignment ends the current row.
CREATE TABLE safety_manager_assignment (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elevator_id   bigint NOT NULL REFERENCES elevator (id),
  person_id     bigint NOT NULL REFERENCES person (id),
  use_unit_id   bigint NOT NULL REFERENCES organization (id),
  region_code   text COLLATE "C" NOT NULL, -- of the elevator
  assigned_from date NOT NULL,
  assigned_to   date,
  assigned_by   bigint,
  created_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX safety_manager_current_idx ON safety_manager_assignment (elevator_id) WHERE assigned_to IS NULL;
CREATE INDEX safety_manager_person_idx ON safety_manager_assignment (person_id) WHERE assigned_to IS NULL;
CREATE INDEX safety_manager_use_unit_idx ON safety_manager_assignment (use_unit_id) WHERE assigned_to IS NULL;

-- Detection thresholds per region prefix ('' = everywhere): safetyManager.cap, neverSeen.months.
CREATE TABLE personnel_rule_setting (
  region_prefix text COLLATE "C" NOT NULL,
  key           text NOT NULL,
  value         numeric NOT NULL,
  updated_by    bigint,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (region_prefix, key)
);

-- A detection result with its evidence. The fingerprint identifies the finding across runs, so a regulator's
-- decision survives re-runs; `active` is false once a run no longer finds it.
CREATE TABLE personnel_detection (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind           text NOT NULL CHECK (kind IN ('multi_employer', 'never_seen', 'manager_overload', 'expired_in_use')),
  fingerprint    text COLLATE "C" NOT NULL UNIQUE,
  person_id      bigint REFERENCES person (id) ON DELETE SET NULL,
  subject_name   text NOT NULL,
  certificate_no text COLLATE "C",
  region_codes   text[] NOT NULL, -- regions of the organisations / elevators involved (regulators' scope)
  summary        text NOT NULL,
  evidence       jsonb NOT NULL,
  active         boolean NOT NULL DEFAULT true,
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'dismissed')),
  note           text,
  reviewed_by    bigint,
  reviewed_at    timestamptz,
  first_seen_at  timestamptz NOT NULL,
  last_seen_at   timestamptz NOT NULL
);
CREATE INDEX personnel_detection_kind_idx ON personnel_detection (kind, status, last_seen_at DESC);

-- 风险管控清单: a manufacturer's risk items per elevator model.
CREATE TABLE manufacturer_risk_item (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  manufacturer_org_id bigint NOT NULL REFERENCES organization (id),
  model               text NOT NULL,
  risk                text NOT NULL,
  controls            text NOT NULL,
  status              text NOT NULL CHECK (status IN ('open', 'controlled', 'closed')),
  review_on           date,
  created_by          bigint,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  version             integer NOT NULL DEFAULT 1
);
CREATE INDEX manufacturer_risk_item_org_idx ON manufacturer_risk_item (manufacturer_org_id, model);

-- Fault statistics read fault openings per elevator and month: an index-only range per elevator.
CREATE INDEX fault_event_open_idx ON fault_event (elevator_id, occurred_at) INCLUDE (type, vendor_code) WHERE phase = 'open';

-- Advice from a manufacturer to the use units and maintenance companies of selected elevators.
CREATE TABLE manufacturer_advice (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  manufacturer_org_id bigint NOT NULL REFERENCES organization (id),
  kind                text NOT NULL CHECK (kind IN ('maintenance', 'safety')), -- 维保建议 / 安全提示
  title               text NOT NULL,
  body                text NOT NULL,
  criteria            jsonb NOT NULL, -- {models, regionCode, registrationCodes}
  elevator_count      integer NOT NULL,
  sent_at             timestamptz NOT NULL,
  created_by          bigint
);
CREATE INDEX manufacturer_advice_org_idx ON manufacturer_advice (manufacturer_org_id, sent_at DESC);

CREATE TABLE manufacturer_advice_elevator (
  advice_id   bigint NOT NULL REFERENCES manufacturer_advice (id) ON DELETE CASCADE,
  elevator_id bigint NOT NULL REFERENCES elevator (id),
  region_code text COLLATE "C" NOT NULL,
  PRIMARY KEY (advice_id, elevator_id)
);
CREATE INDEX manufacturer_advice_elevator_region_idx ON manufacturer_advice_elevator (region_code, advice_id);

CREATE TABLE manufacturer_advice_recipient (
  advice_id       bigint NOT NULL REFERENCES manufacturer_advice (id) ON DELETE CASCADE,
  org_id          bigint NOT NULL REFERENCES organization (id),
  role            text NOT NULL CHECK (role IN ('use_unit', 'maintenance')),
  elevator_count  integer NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by bigint,
  note            text,
  PRIMARY KEY (advice_id, org_id, role)
);
CREATE INDEX manufacturer_advice_recipient_org_idx ON manufacturer_advice_recipient (org_id, advice_id);
