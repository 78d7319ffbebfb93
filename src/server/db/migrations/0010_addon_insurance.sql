-- Issue 7, items 6 and 8: adding elevators to existing homes (既有住宅加装电梯) and elevator insurance.

-- One project per building unit. The implementing body (实施主体) runs it; the street office of the place
-- supervises; the housing department approves; finance approves the subsidy; use registration creates the
-- registry record (elevator_id).
CREATE TABLE addon_project (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code        text COLLATE "C" NOT NULL,
  address            text NOT NULL,
  building           text NOT NULL,
  unit               text NOT NULL,
  storeys            smallint NOT NULL CHECK (storeys BETWEEN 2 AND 40),
  org_id             bigint NOT NULL REFERENCES organization (id), -- implementing body
  street_office_id   bigint REFERENCES organization (id),
  status             text NOT NULL DEFAULT 'consultation' CHECK (status IN (
                       'consultation', 'agreement', 'design', 'notice', 'review', 'approved', 'construction',
                       'accepted', 'registered', 'contracted', 'in_service', 'cancelled')),
  total_cost         numeric(12, 2),
  design             jsonb,           -- {designer, manufacturerName, model, ratedLoad, ratedSpeed, stops}
  notice_days        smallint,
  notice_starts_on   date,
  notice_ends_on     date,            -- moved later by the days objections kept it paused
  notice_paused_since date,           -- set while an objection is open
  approval_no        text,
  approved_on        date,
  construction_on    date,
  accepted_on        date,
  registration_due_on date,           -- accepted_on + 30 days (TSG 08: register within 30 days)
  registered_on      date,
  elevator_id        bigint REFERENCES elevator (id),
  contract_id        bigint REFERENCES maintenance_contract (id),
  enrolled_at        timestamptz,     -- 96333 enrolment
  subsidy_status     text NOT NULL DEFAULT 'none' CHECK (subsidy_status IN ('none', 'applied', 'approved', 'rejected', 'disbursed')),
  subsidy_amount     numeric(12, 2),
  subsidy_basis      jsonb,           -- {storeys, base, nonSigning, deductionPer, amount}
  subsidy_note       text,
  note               text,
  created_by         bigint,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  version            integer NOT NULL DEFAULT 1,
  UNIQUE (region_code, address, building, unit)
);
CREATE INDEX addon_project_region_idx ON addon_project (region_code, status);
CREATE INDEX addon_project_org_idx ON addon_project (org_id);

-- Households of the building unit: one owner vote each (headcount), weighted by area.
CREATE TABLE addon_household (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id  bigint NOT NULL REFERENCES addon_project (id) ON DELETE CASCADE,
  room        text NOT NULL,
  floor       smallint NOT NULL,
  area        numeric(8, 2) NOT NULL CHECK (area > 0),
  owner_name  text NOT NULL,
  vote        text CHECK (vote IN ('agree', 'disagree', 'abstain')), -- NULL: did not take part
  signed      boolean NOT NULL DEFAULT false, -- signed the cost-sharing agreement
  share       numeric(12, 2) CHECK (share >= 0), -- cost share in the agreement
  UNIQUE (project_id, room)
);

CREATE TABLE addon_objection (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id  bigint NOT NULL REFERENCES addon_project (id) ON DELETE CASCADE,
  objector    text NOT NULL,
  content     text NOT NULL,
  filed_on    date NOT NULL,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolution  text,
  resolved_on date,
  created_by  bigint,
  resolved_by bigint
);
CREATE INDEX addon_objection_project_idx ON addon_objection (project_id);

-- The project's timeline (each step, who, when): the detail page's steps.
CREATE TABLE addon_event (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id  bigint NOT NULL REFERENCES addon_project (id) ON DELETE CASCADE,
  at          timestamptz NOT NULL,
  action      text NOT NULL,
  from_status text,
  to_status   text,
  actor_id    bigint,
  actor_name  text,
  note        text
);
CREATE INDEX addon_event_project_idx ON addon_event (project_id, id);

-- Per-city rules (consent thresholds, notice period, subsidy amounts): most specific region prefix wins.
CREATE TABLE addon_rule_setting (
  region_prefix text COLLATE "C" NOT NULL,
  key           text NOT NULL,
  value         numeric NOT NULL,
  updated_by    bigint,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (region_prefix, key)
);

-- Insurance products of an insurer: 责任险 liability, 保险+服务 service, 电梯养老保险 pension.
CREATE TABLE insurance_product (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  insurer_org_id bigint NOT NULL REFERENCES organization (id),
  name           text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('liability', 'service', 'pension')),
  coverage       jsonb NOT NULL,     -- {perAccident, perPerson, items[]}
  premium_rule   jsonb NOT NULL,     -- {base, byCategory{prefix: amount}, ageBands[{minYears, factor}]}
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  UNIQUE (insurer_org_id, name)
);

CREATE TABLE insurance_policy (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  policy_no      text COLLATE "C" NOT NULL UNIQUE,
  product_id     bigint NOT NULL REFERENCES insurance_product (id),
  insurer_org_id bigint NOT NULL REFERENCES organization (id),
  elevator_id    bigint NOT NULL REFERENCES elevator (id),
  region_code    text COLLATE "C" NOT NULL,
  starts_on      date NOT NULL,
  ends_on        date NOT NULL CHECK (ends_on >= starts_on),
  premium        numeric(12, 2) NOT NULL CHECK (premium >= 0),
  subsidy        numeric(12, 2) NOT NULL DEFAULT 0 CHECK (subsidy >= 0),
  premium_basis  jsonb NOT NULL,     -- how premium and subsidy were computed
  payer          text NOT NULL CHECK (payer IN ('use_unit', 'owners', 'maintenance_fund', 'insurer')),
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
  created_by     bigint,
  created_at     timestamptz NOT NULL
);
-- The insurer scope ("a policy of this insurer in force") and coverage read these.
CREATE INDEX insurance_policy_elevator_idx ON insurance_policy (elevator_id, ends_on);
CREATE INDEX insurance_policy_insurer_idx ON insurance_policy (insurer_org_id, elevator_id);
CREATE INDEX insurance_policy_region_idx ON insurance_policy (region_code, ends_on);

-- Claims, linked to what happened: a 96333 incident, an IoT alarm, a repair (a maintenance record or a hazard).
CREATE TABLE insurance_claim (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  policy_id             bigint NOT NULL REFERENCES insurance_policy (id),
  insurer_org_id        bigint NOT NULL REFERENCES organization (id),
  elevator_id           bigint NOT NULL REFERENCES elevator (id),
  region_code           text COLLATE "C" NOT NULL,
  occurred_on           date NOT NULL,
  description           text NOT NULL,
  amount_claimed        numeric(12, 2) NOT NULL CHECK (amount_claimed >= 0),
  amount_paid           numeric(12, 2) CHECK (amount_paid >= 0),
  status                text NOT NULL DEFAULT 'filed' CHECK (status IN ('filed', 'accepted', 'approved', 'paid', 'rejected', 'withdrawn')),
  incident_id           bigint REFERENCES incident (id),
  alarm_id              bigint REFERENCES alarm (id),
  maintenance_record_id bigint REFERENCES maintenance_record (id),
  hazard_id             bigint REFERENCES hazard (id),
  note                  text,
  created_by            bigint,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL
);
CREATE INDEX insurance_claim_insurer_idx ON insurance_claim (insurer_org_id, id);
CREATE INDEX insurance_claim_policy_idx ON insurance_claim (policy_id);
CREATE INDEX insurance_claim_region_idx ON insurance_claim (region_code);

-- Per-city premium subsidy rules (e.g. Fuzhou: 10%, at most 1,000 yuan, only with an IoT terminal bound).
CREATE TABLE insurance_rule_setting (
  region_prefix text COLLATE "C" NOT NULL,
  key           text NOT NULL,
  value         numeric NOT NULL,
  updated_by    bigint,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (region_prefix, key)
);
