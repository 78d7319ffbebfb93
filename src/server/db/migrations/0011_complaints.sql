-- Issue 8, item 2: complaints and rewarded reports (投诉举报, 有奖举报).

-- One row per report, whoever took it (the public QR page, a 96333 dispatcher on the phone, a regulator).
-- Deadlines are fixed at intake from the region's settings (complaint_rule_setting), so a later change of the
-- settings never moves a running countdown; an extension is recorded once.
CREATE TABLE complaint (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tracking_code       text COLLATE "C" NOT NULL UNIQUE, -- 10 random characters, the reporter's key to the status
  channel             text NOT NULL CHECK (channel IN ('public', 'phone', 'staff')),
  category            text NOT NULL CHECK (category IN ('unsafe', 'no_maintenance', 'fake_records', 'unregistered', 'other')),
  description         text NOT NULL,
  elevator_id         bigint REFERENCES elevator (id),
  code_given          text,             -- the code as reported, also when it names no registered elevator
  address             text,             -- where, for an elevator not in the registry
  region_code         text COLLATE "C" NOT NULL, -- county-level region: routing and who sees it
  regulator_org_id    bigint REFERENCES organization (id), -- the regulator it was routed to
  -- The elevator's organisations at intake, and the one the complaint is about (credit files read confirmed ones).
  use_unit_id         bigint REFERENCES organization (id),
  maintenance_org_id  bigint REFERENCES organization (id),
  responsible_org_id  bigint REFERENCES organization (id),
  anonymous           boolean NOT NULL,
  reporter_name       text,
  reporter_contact    text,
  status              text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'acknowledged', 'investigating', 'confirmed', 'unfounded', 'closed')),
  outcome             text CHECK (outcome IN ('confirmed', 'unfounded')),
  outcome_text        text,             -- for the reporter (shown on the public tracking page)
  received_at         timestamptz NOT NULL,
  ack_due_at          timestamptz NOT NULL,
  outcome_due_at      timestamptz NOT NULL,
  extended_at         timestamptz,
  acknowledged_at     timestamptz,
  decided_at          timestamptz,
  closed_at           timestamptz,
  linked_to_id        bigint REFERENCES complaint (id), -- a repeat report: the first report on the elevator
  hazard_id           bigint REFERENCES hazard (id),
  created_by          bigint,
  updated_at          timestamptz NOT NULL,
  version             integer NOT NULL DEFAULT 1
);
CREATE INDEX complaint_region_idx ON complaint (region_code, received_at DESC);
CREATE INDEX complaint_regulator_idx ON complaint (regulator_org_id, status);
CREATE INDEX complaint_elevator_idx ON complaint (elevator_id, received_at);
CREATE INDEX complaint_linked_idx ON complaint (linked_to_id) WHERE linked_to_id IS NOT NULL;
CREATE INDEX complaint_responsible_idx ON complaint (responsible_org_id) WHERE outcome = 'confirmed';
CREATE INDEX complaint_open_due_idx ON complaint (outcome_due_at) WHERE status IN ('received', 'acknowledged', 'investigating');

-- The timeline: every step with who took it (staff only; the public page shows none of it).
CREATE TABLE complaint_event (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  complaint_id  bigint NOT NULL REFERENCES complaint (id) ON DELETE CASCADE,
  at            timestamptz NOT NULL,
  action        text NOT NULL,
  actor_id      bigint,
  actor_name    text NOT NULL,
  org_id        bigint,
  note          text,
  data          jsonb
);
CREATE INDEX complaint_event_complaint_idx ON complaint_event (complaint_id, id);

-- Evidence files, stored content-addressed by SHA-256 under DATA_DIR/complaints/.
CREATE TABLE complaint_evidence (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  complaint_id  bigint NOT NULL REFERENCES complaint (id) ON DELETE CASCADE,
  sha256        text COLLATE "C" NOT NULL,
  file_name     text NOT NULL,
  content_type  text NOT NULL,
  bytes         integer NOT NULL,
  note          text,
  uploaded_by   bigint,
  uploaded_at   timestamptz NOT NULL,
  UNIQUE (complaint_id, sha256)
);

-- 有奖举报: the decision (amount, approver) and the payment of a confirmed report.
CREATE TABLE complaint_reward (
  complaint_id    bigint PRIMARY KEY REFERENCES complaint (id) ON DELETE CASCADE,
  decision        text NOT NULL CHECK (decision IN ('granted', 'refused')),
  amount          numeric(12, 2) CHECK (amount >= 0),
  note            text,
  approved_by     bigint NOT NULL,
  approver_name   text NOT NULL,
  decided_at      timestamptz NOT NULL,
  paid_amount     numeric(12, 2) CHECK (paid_amount >= 0),
  paid_on         date,
  pay_method      text CHECK (pay_method IN ('bank', 'cash', 'other')),
  pay_reference   text,
  paid_by         bigint,
  paid_at         timestamptz
);

-- Deadlines and repeat window per region prefix ('' everywhere, '37', '3701', '370102'); the most specific wins.
CREATE TABLE complaint_rule_setting (
  region_prefix  text COLLATE "C" NOT NULL,
  key            text NOT NULL,
  value          numeric NOT NULL,
  updated_by     bigint,
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (region_prefix, key)
);
