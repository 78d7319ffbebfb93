-- Renovation projects (issue 7 item 5): 大修 / 改造 / 更新 / 加装上行超速保护 for one or many elevators of one use unit
-- or one residential compound. The owners' decision, the funding plan (which must sum to the budget), the subsidy
-- application with the finance department's decision and its disbursements, construction, acceptance (which needs
-- a passed supervisory inspection per elevator) and the registry change (变更登记) made through the registry.

CREATE TABLE renovation_project (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind                    text NOT NULL CHECK (kind IN ('major_repair', 'modernise', 'replace', 'overspeed_retrofit')),
  status                  text NOT NULL CHECK (status IN ('draft', 'decided', 'funded', 'in_construction', 'accepted', 'registered', 'closed', 'cancelled')),
  subsidy_status          text NOT NULL DEFAULT 'none' CHECK (subsidy_status IN ('none', 'applied', 'approved', 'rejected', 'disbursed')),
  title                   text NOT NULL,
  region_code             text COLLATE "C" NOT NULL, -- the elevators' county (all in one)
  use_unit_id             bigint REFERENCES organization (id), -- the elevators' use unit when they share one
  compound                text,                     -- the residential compound (place name) when grouped by it
  owner_org_id            bigint NOT NULL REFERENCES organization (id), -- who runs the project (use unit, street office, regulator)
  plan                    text NOT NULL,
  budget                  numeric(14, 2) NOT NULL CHECK (budget > 0), -- yuan
  vote_required           boolean NOT NULL,         -- residential elevators: the owners decide (民法典 第二百七十八条)
  vote                    jsonb,                    -- {heldOn, totalArea, totalOwners, participatingArea, …, rule, passed}
  subsidy_requested       numeric(14, 2),
  subsidy_approved        numeric(14, 2),
  subsidy_disbursed       numeric(14, 2) NOT NULL DEFAULT 0,
  installer_org_id        bigint REFERENCES organization (id),
  installer_name          text,
  installer_credit_code   text,
  construction_started_on date,
  accepted_on             date,
  created_by              bigint,
  created_at              timestamptz NOT NULL,
  updated_at              timestamptz NOT NULL,
  version                 integer NOT NULL DEFAULT 1
);
CREATE INDEX renovation_project_region_idx ON renovation_project (region_code, status);
CREATE INDEX renovation_project_use_unit_idx ON renovation_project (use_unit_id) WHERE use_unit_id IS NOT NULL;
CREATE INDEX renovation_project_owner_idx ON renovation_project (owner_org_id);

-- The elevators of a project and, from acceptance, the registry change each needs (applied by 变更登记).
CREATE TABLE renovation_project_elevator (
  project_id          bigint NOT NULL REFERENCES renovation_project (id) ON DELETE CASCADE,
  elevator_id         bigint NOT NULL REFERENCES elevator (id),
  registry_change     jsonb,       -- {model, factoryNo, manufactureDate, …} in the registry's field names
  registry_updated_at timestamptz, -- when the registry record was changed
  PRIMARY KEY (project_id, elevator_id)
);
CREATE INDEX renovation_project_elevator_idx ON renovation_project_elevator (elevator_id);

-- Funding plan: one amount per source; the amounts sum to the budget before the plan is confirmed.
CREATE TABLE renovation_funding (
  project_id bigint NOT NULL REFERENCES renovation_project (id) ON DELETE CASCADE,
  source     text NOT NULL CHECK (source IN ('maintenance_fund', 'subsidy', 'public_income', 'insurance', 'owners')),
  amount     numeric(14, 2) NOT NULL CHECK (amount >= 0),
  note       text,
  PRIMARY KEY (project_id, source)
);

-- Subsidy applications to the finance department and its decisions (a rejected one may be followed by another).
CREATE TABLE renovation_subsidy (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id  bigint NOT NULL REFERENCES renovation_project (id) ON DELETE CASCADE,
  requested   numeric(14, 2) NOT NULL CHECK (requested > 0),
  status      text NOT NULL CHECK (status IN ('applied', 'approved', 'rejected')),
  approved    numeric(14, 2),
  note        text,
  reason      text,        -- of a rejection
  applied_by  bigint,
  applied_at  timestamptz NOT NULL,
  decided_by  bigint,
  decided_org_id bigint REFERENCES organization (id),
  decided_at  timestamptz
);
CREATE INDEX renovation_subsidy_project_idx ON renovation_subsidy (project_id);

-- Money paid out of an approved subsidy.
CREATE TABLE renovation_disbursement (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id bigint NOT NULL REFERENCES renovation_project (id) ON DELETE CASCADE,
  subsidy_id bigint NOT NULL REFERENCES renovation_subsidy (id),
  amount     numeric(14, 2) NOT NULL CHECK (amount > 0),
  paid_on    date NOT NULL,
  voucher_no text NOT NULL,
  created_by bigint,
  created_at timestamptz NOT NULL
);
CREATE INDEX renovation_disbursement_project_idx ON renovation_disbursement (project_id);

-- The project's steps as its people see them (the audit chain keeps the full record).
CREATE TABLE renovation_event (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id  bigint NOT NULL REFERENCES renovation_project (id) ON DELETE CASCADE,
  action      text NOT NULL,
  from_status text,
  to_status   text,
  note        text,
  actor_name  text NOT NULL,
  org_name    text,
  at          timestamptz NOT NULL
);
CREATE INDEX renovation_event_project_idx ON renovation_event (project_id, id);

-- Rule values per region prefix ('' everywhere): the owners' vote thresholds as fractions.
CREATE TABLE renovation_rule_setting (
  region_prefix text COLLATE "C" NOT NULL,
  key           text NOT NULL,
  value         numeric NOT NULL,
  updated_by    bigint,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (region_prefix, key)
);

-- A hazard carried out by a project names it.
ALTER TABLE hazard ADD CONSTRAINT hazard_project_fk FOREIGN KEY (project_id) REFERENCES renovation_project (id);
