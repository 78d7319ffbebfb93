-- Maintenance supervision (智慧维保): workers, records with items, photos and quality flags, and each elevator's
-- maintenance clock per cycle.

-- A worker's certificate at a maintenance company over a period (the same certificate at two companies: flagged).
CREATE TABLE maintenance_worker (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id         bigint NOT NULL REFERENCES organization (id),
  name           text NOT NULL,
  certificate_no text COLLATE "C" NOT NULL,
  valid_to       date,
  employed_from  date NOT NULL,
  employed_to    date,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, certificate_no, employed_from)
);
CREATE INDEX maintenance_worker_certificate_idx ON maintenance_worker (certificate_no);

CREATE TABLE maintenance_record (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elevator_id   bigint NOT NULL REFERENCES elevator (id),
  region_code   text COLLATE "C" NOT NULL,
  org_id        bigint NOT NULL REFERENCES organization (id), -- the maintenance company
  cycle         text NOT NULL CHECK (cycle IN ('half_month', 'quarter', 'half_year', 'year')),
  started_at    timestamptz NOT NULL,
  ended_at      timestamptz NOT NULL,
  start_lat     numeric(8, 6),
  start_lon     numeric(9, 6),
  end_lat       numeric(8, 6),
  end_lon       numeric(9, 6),
  items         jsonb NOT NULL, -- [{code, result, value?}]
  parts         jsonb NOT NULL DEFAULT '[]',
  confirmed_by  text,           -- the use unit's safety manager
  confirmed_at  timestamptz,
  created_by    bigint,
  created_at    timestamptz NOT NULL
);
CREATE INDEX maintenance_record_elevator_idx ON maintenance_record (elevator_id, started_at);
CREATE INDEX maintenance_record_org_idx ON maintenance_record (org_id, started_at);
CREATE INDEX maintenance_record_region_idx ON maintenance_record (region_code, started_at);

-- Who worked when: the overlap and per-day checks read this.
CREATE TABLE maintenance_record_worker (
  record_id      bigint NOT NULL REFERENCES maintenance_record (id) ON DELETE CASCADE,
  certificate_no text COLLATE "C" NOT NULL,
  name           text NOT NULL,
  elevator_id    bigint NOT NULL,
  started_at     timestamptz NOT NULL,
  ended_at       timestamptz NOT NULL,
  PRIMARY KEY (record_id, certificate_no)
);
CREATE INDEX maintenance_record_worker_time_idx ON maintenance_record_worker (certificate_no, started_at);

-- Photos named by a record (by hash); the bytes may arrive later. A hash on two records is a reused photo.
CREATE TABLE maintenance_photo (
  record_id  bigint NOT NULL REFERENCES maintenance_record (id) ON DELETE CASCADE,
  sha256     text COLLATE "C" NOT NULL,
  taken_at   timestamptz,
  item_code  text,
  PRIMARY KEY (record_id, sha256)
);
CREATE INDEX maintenance_photo_sha_idx ON maintenance_photo (sha256);

CREATE TABLE maintenance_photo_file (
  sha256      text COLLATE "C" PRIMARY KEY,
  bytes       integer NOT NULL,
  uploaded_at timestamptz NOT NULL
);

CREATE TABLE maintenance_flag (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  record_id   bigint NOT NULL REFERENCES maintenance_record (id) ON DELETE CASCADE,
  region_code text COLLATE "C" NOT NULL,
  org_id      bigint NOT NULL,
  code        text NOT NULL,
  message     text NOT NULL,
  evidence    jsonb NOT NULL,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed')),
  outcome     text,
  reviewed_by bigint,
  reviewed_at timestamptz,
  created_at  timestamptz NOT NULL,
  UNIQUE (record_id, code, message)
);
CREATE INDEX maintenance_flag_region_idx ON maintenance_flag (region_code, status);
CREATE INDEX maintenance_flag_org_idx ON maintenance_flag (org_id, created_at);

-- Each elevator's maintenance clock: the last visit covering each cycle and the next half-month due date. Every
-- in-use elevator gets a row (never visited: no last visit, due at once), so overdue lists are index range reads.
CREATE TABLE maintenance_due (
  elevator_id      bigint PRIMARY KEY REFERENCES elevator (id) ON DELETE CASCADE,
  region_code      text COLLATE "C" NOT NULL,
  last_visit       date,
  last_quarter     date,
  last_half_year   date,
  last_year        date,
  next_due         date NOT NULL
);
CREATE INDEX maintenance_due_region_idx ON maintenance_due (region_code, next_due);

-- On-demand maintenance (按需维保) and check thresholds per region prefix ('' = everywhere).
CREATE TABLE maintenance_rule_setting (
  region_prefix text COLLATE "C" NOT NULL,
  key           text NOT NULL,
  value         numeric NOT NULL,
  updated_by    bigint,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (region_prefix, key)
);

-- Terminal-reported mode changes (normal / inspection / maintenance / fire / out of service), written by the live
-- state flush when a car's mode differs from the stored one: maintenance records are checked against them.
CREATE TABLE elevator_mode_log (
  elevator_id bigint NOT NULL REFERENCES elevator (id) ON DELETE CASCADE,
  at          timestamptz NOT NULL,
  mode        text NOT NULL,
  PRIMARY KEY (elevator_id, at)
);

-- 告知性登记: a maintenance company's notification to a city's regulator before it works there.
CREATE TABLE maintenance_notification (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id      bigint NOT NULL REFERENCES organization (id),
  city_code   text COLLATE "C" NOT NULL,
  licence_no  text NOT NULL,
  filed_at    timestamptz NOT NULL,
  UNIQUE (org_id, city_code)
);

-- Contracts per elevator; the one in force names the elevator's maintenance company.
CREATE TABLE maintenance_contract (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id         bigint NOT NULL REFERENCES organization (id),
  elevator_id    bigint NOT NULL REFERENCES elevator (id),
  region_code    text COLLATE "C" NOT NULL,
  category_code  text NOT NULL,
  starts_on      date NOT NULL,
  ends_on        date NOT NULL,
  price_per_year numeric(12, 2) NOT NULL CHECK (price_per_year >= 0),
  scope          text NOT NULL DEFAULT 'standard', -- standard (半包/清包) or full (全包: parts included)
  created_by     bigint,
  created_at     timestamptz NOT NULL,
  CHECK (ends_on >= starts_on)
);
CREATE INDEX maintenance_contract_elevator_idx ON maintenance_contract (elevator_id, ends_on);
CREATE INDEX maintenance_contract_region_idx ON maintenance_contract (region_code, ends_on);
CREATE INDEX maintenance_contract_org_idx ON maintenance_contract (org_id, ends_on);
