-- IoT monitoring: terminals, live state per elevator, fault history, alarms, and the event outbox.

-- A monitoring terminal (GB/T 42616). It logs in to MQTT as username = device_id, password = its secret.
CREATE TABLE device (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  device_id     text COLLATE "C" NOT NULL UNIQUE,
  protocol      text NOT NULL, -- an adapter's name (src/modules/iot/adapters), checked in code
  product_key   text COLLATE "C",
  -- Secrets are long random strings, so a salted SHA-256 suffices and keeps 100k reconnects cheap.
  secret_salt   text NOT NULL,
  secret_hash   text NOT NULL,
  vendor        text,
  model         text,
  firmware      text,
  elevator_id   bigint REFERENCES elevator (id),
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  owner_org_id  bigint REFERENCES organization (id),
  last_seen_at  timestamptz,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
-- One active terminal reports for an elevator.
CREATE UNIQUE INDEX device_elevator_active_idx ON device (elevator_id) WHERE status = 'active' AND elevator_id IS NOT NULL;
CREATE INDEX device_owner_idx ON device (owner_org_id);

CREATE TABLE device_binding (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  device_pk    bigint NOT NULL REFERENCES device (id) ON DELETE CASCADE,
  elevator_id  bigint REFERENCES elevator (id),
  bound_at     timestamptz NOT NULL,
  unbound_at   timestamptz,
  actor_id     bigint
);
CREATE INDEX device_binding_device_idx ON device_binding (device_pk, id);

-- Bad traffic per device (malformed, oversized, future timestamps, floods, spoofed topics), flushed from memory.
CREATE TABLE device_health (
  device_pk     bigint PRIMARY KEY REFERENCES device (id) ON DELETE CASCADE,
  accepted      bigint NOT NULL DEFAULT 0,
  malformed     bigint NOT NULL DEFAULT 0,
  invalid       bigint NOT NULL DEFAULT 0,
  unknown_event bigint NOT NULL DEFAULT 0,
  oversized     bigint NOT NULL DEFAULT 0,
  future_time   bigint NOT NULL DEFAULT 0,
  flood_dropped bigint NOT NULL DEFAULT 0,
  spoofed       bigint NOT NULL DEFAULT 0,
  last_error    text,
  last_error_at timestamptz
);

-- What the elevator is doing now, as its terminal last said. One row per monitored elevator.
CREATE TABLE elevator_live (
  elevator_id     bigint PRIMARY KEY REFERENCES elevator (id),
  region_code     text COLLATE "C" NOT NULL,
  device_pk       bigint REFERENCES device (id) ON DELETE SET NULL,
  online          boolean NOT NULL DEFAULT false,
  last_seen       timestamptz,
  status_at       timestamptz,
  floor           text,
  direction       text CHECK (direction IN ('stop', 'up', 'down')),
  door_open       boolean,
  occupied        boolean,
  in_door_zone    boolean,
  speed           real,
  mode            text CHECK (mode IN ('normal', 'inspection', 'fire', 'out_of_service', 'maintenance')),
  -- Since when the car has been occupied, door closed and stationary (inferred-trapped rule).
  still_since     timestamptz,
  runs            bigint NOT NULL DEFAULT 0,
  run_seconds     bigint NOT NULL DEFAULT 0,
  distance_m      double precision NOT NULL DEFAULT 0,
  door_cycles     bigint NOT NULL DEFAULT 0,
  -- Statistics periods already counted end here (idempotent delta counters).
  stats_until     timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX elevator_live_region_idx ON elevator_live (region_code);
CREATE INDEX elevator_live_online_seen_idx ON elevator_live (last_seen) WHERE online;
CREATE INDEX elevator_live_still_idx ON elevator_live (still_since) WHERE still_since IS NOT NULL;

-- Every fault occurrence and its close, deduplicated per device by the message's id or natural key.
CREATE TABLE fault_event (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  device_pk     bigint REFERENCES device (id) ON DELETE SET NULL,
  elevator_id   bigint NOT NULL REFERENCES elevator (id),
  region_code   text COLLATE "C" NOT NULL,
  dedup_key     text COLLATE "C" NOT NULL,
  phase         text NOT NULL CHECK (phase IN ('open', 'close')),
  type          text,            -- canonical fault type; NULL for a controller code with no canonical counterpart
  vendor_code   text,            -- e.g. JTC340:1002, MONARCH:E41
  severity      text,
  occurred_at   timestamptz NOT NULL,
  received_at   timestamptz NOT NULL,
  source        text NOT NULL DEFAULT 'device' CHECK (source IN ('device', 'rule')),
  detail        jsonb
);
CREATE UNIQUE INDEX fault_event_dedup_idx ON fault_event (elevator_id, dedup_key);
CREATE INDEX fault_event_elevator_idx ON fault_event (elevator_id, type, occurred_at);
CREATE INDEX fault_event_time_idx ON fault_event (occurred_at);
CREATE INDEX fault_event_region_time_idx ON fault_event (region_code, occurred_at);

-- An alarm: at most one open per (elevator, type); repeats count occurrences.
CREATE TABLE alarm (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elevator_id     bigint NOT NULL REFERENCES elevator (id),
  region_code     text COLLATE "C" NOT NULL,
  device_pk       bigint REFERENCES device (id) ON DELETE SET NULL,
  type            text NOT NULL,
  severity        text NOT NULL CHECK (severity IN ('critical', 'major', 'minor', 'warning')),
  status          text NOT NULL CHECK (status IN ('active', 'cleared')),
  source          text NOT NULL CHECK (source IN ('device', 'rule')),
  vendor_code     text,
  occurrences     integer NOT NULL DEFAULT 1,
  opened_at       timestamptz NOT NULL,
  last_at         timestamptz NOT NULL,
  acknowledged    boolean NOT NULL DEFAULT false,
  acknowledged_at timestamptz,
  acknowledged_by bigint,
  escalated_at    timestamptz,
  repeat_raised   boolean NOT NULL DEFAULT false, -- severity already raised for repeats
  cleared_at      timestamptz,
  cleared_by      bigint,         -- NULL when the device (or a rule) cleared it
  clear_reason    text,
  assignee_id     bigint REFERENCES app_user (id),
  version         integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX alarm_active_idx ON alarm (elevator_id, type) WHERE status = 'active';
CREATE INDEX alarm_elevator_idx ON alarm (elevator_id, opened_at DESC);
CREATE INDEX alarm_open_time_idx ON alarm (opened_at DESC);
CREATE INDEX alarm_region_active_idx ON alarm (region_code) WHERE status = 'active';
CREATE INDEX alarm_unacked_idx ON alarm (opened_at) WHERE status = 'active' AND NOT acknowledged AND escalated_at IS NULL;

-- The alarm's full history: opened, repeated, severity raised, acknowledged, assigned, commented, escalated, cleared.
CREATE TABLE alarm_event (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alarm_id  bigint NOT NULL REFERENCES alarm (id) ON DELETE CASCADE,
  kind      text NOT NULL,
  at        timestamptz NOT NULL,
  actor_id  bigint,
  detail    jsonb
);
CREATE INDEX alarm_event_alarm_idx ON alarm_event (alarm_id, id);

-- Thresholds of the server-side rules; the most specific (vendor and region prefix) wins over defaults.
CREATE TABLE iot_rule_setting (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key         text NOT NULL,
  region_code text COLLATE "C" NOT NULL DEFAULT '',
  vendor      text NOT NULL DEFAULT '',
  value       double precision NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (key, region_code, vendor)
);

-- Events for other modules, written in the same transaction as the change. Each consumer gets its own
-- delivery row, claimed with SKIP LOCKED and deleted when handled: several nodes neither lose nor double one.
CREATE TABLE outbox (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  topic      text NOT NULL,
  key        text,
  payload    jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX outbox_topic_idx ON outbox (topic, id);

CREATE TABLE outbox_delivery (
  event_id  bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  consumer  text NOT NULL,
  attempts  integer NOT NULL DEFAULT 0,
  last_error text,
  not_before timestamptz,
  PRIMARY KEY (consumer, event_id)
);
