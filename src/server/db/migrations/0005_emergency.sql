-- 96333 emergency response: incidents, their dispatches to rescuer tiers, timeline, store-backed SLA timers.

-- Rescue stations and fire services are dispatched by distance: organisations get a location.
ALTER TABLE organization ADD COLUMN longitude numeric(9, 6), ADD COLUMN latitude numeric(8, 6);

CREATE TABLE incident (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elevator_id        bigint NOT NULL REFERENCES elevator (id),
  -- Snapshots at receipt: scoping and KPIs by region, place, use unit and maintenance company need no join.
  region_code        text COLLATE "C" NOT NULL,
  place_type         text NOT NULL,
  use_unit_id        bigint,
  maintenance_org_id bigint,
  urban              boolean NOT NULL, -- arrival limit: urban districts of 设区的市 vs elsewhere
  source             text NOT NULL CHECK (source IN ('phone', 'app', 'qr', 'iot', 'import')),
  channels           text[] NOT NULL, -- every channel that reported it (dedup merges add here)
  type               text NOT NULL CHECK (type IN ('trapped', 'fault', 'inquiry', 'complaint')),
  status             text NOT NULL CHECK (status IN ('received', 'dispatched', 'accepted', 'en_route', 'arrived', 'rescued', 'closed', 'cancelled')),
  tier               smallint CHECK (tier BETWEEN 1 AND 3),
  assigned_org_id    bigint REFERENCES organization (id),
  trapped            smallint,
  injured            smallint,
  caller_phone       text,
  description        text,
  received_at        timestamptz NOT NULL,
  dispatched_at      timestamptz,
  accepted_at        timestamptz,
  departed_at        timestamptz,
  arrived_at         timestamptz,
  rescued_at         timestamptz,
  closed_at          timestamptz,
  cancelled_at       timestamptz,
  cause              text CHECK (cause IN ('external', 'human', 'door_system', 'equipment', 'other')),
  rescued_count      smallint,
  remarks            text,
  alarm_id           bigint REFERENCES alarm (id),
  repeat_of          bigint REFERENCES incident (id),
  breaches           text[] NOT NULL DEFAULT '{}', -- SLA legs breached: dispatch, accept, arrive
  escalations        smallint NOT NULL DEFAULT 0,
  import_job_id      text,
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
-- One open call-out per elevator: a phone call, a QR report and the terminal's trapped alarm become one incident.
CREATE UNIQUE INDEX incident_open_elevator_idx ON incident (elevator_id)
  WHERE status NOT IN ('closed', 'cancelled') AND type IN ('trapped', 'fault');
-- An imported history row is one incident however often its file is imported again.
CREATE UNIQUE INDEX incident_import_key_idx ON incident (elevator_id, received_at) WHERE source = 'import';
CREATE INDEX incident_region_received_idx ON incident (region_code, received_at);
CREATE INDEX incident_received_idx ON incident (received_at);
CREATE INDEX incident_elevator_idx ON incident (elevator_id, received_at);
CREATE INDEX incident_open_idx ON incident (received_at) WHERE status NOT IN ('closed', 'cancelled');
CREATE INDEX incident_maintenance_idx ON incident (maintenance_org_id, received_at);
CREATE INDEX incident_use_unit_idx ON incident (use_unit_id, received_at);

-- Each call-out to a rescuer: tier, organisation, and how it ended (accepted, declined, superseded by escalation).
CREATE TABLE incident_dispatch (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id   bigint NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
  tier          smallint NOT NULL CHECK (tier BETWEEN 1 AND 3),
  org_id        bigint REFERENCES organization (id),
  org_name      text NOT NULL,
  phone         text,
  distance_km   numeric(7, 2),
  reason        text NOT NULL, -- manual, auto, sla_dispatch, sla_accept, sla_arrive, declined
  dispatched_at timestamptz NOT NULL,
  accepted_at   timestamptz,
  declined_at   timestamptz,
  ended_at      timestamptz,
  actor_name    text NOT NULL
);
CREATE INDEX incident_dispatch_incident_idx ON incident_dispatch (incident_id, id);
CREATE INDEX incident_dispatch_org_idx ON incident_dispatch (org_id, incident_id);

-- The timeline, and the feed the dispatch board follows on every node.
CREATE TABLE incident_event (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
  kind        text NOT NULL,
  at          timestamptz NOT NULL,
  actor_id    bigint,
  actor_name  text NOT NULL,
  org_id      bigint,
  detail      jsonb
);
CREATE INDEX incident_event_incident_idx ON incident_event (incident_id, id);

-- Legal clocks. A sweeper on any node claims due rows with FOR UPDATE SKIP LOCKED and marks them fired in the
-- transaction that escalates, so each fires exactly once; a finished leg marks its timer done.
CREATE TABLE incident_timer (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('dispatch', 'accept', 'arrive')),
  due_at      timestamptz NOT NULL,
  done_at     timestamptz,
  fired_at    timestamptz,
  fired_by    text
);
CREATE INDEX incident_timer_due_idx ON incident_timer (due_at) WHERE done_at IS NULL AND fired_at IS NULL;
CREATE INDEX incident_timer_incident_idx ON incident_timer (incident_id);

-- SLA limits by region prefix ('' = everywhere); the most specific prefix that sets a value wins.
CREATE TABLE emergency_sla (
  region_prefix        text COLLATE "C" PRIMARY KEY,
  dispatch_seconds     integer CHECK (dispatch_seconds > 0),
  accept_seconds       integer CHECK (accept_seconds > 0),
  arrive_urban_seconds integer CHECK (arrive_urban_seconds > 0),
  arrive_other_seconds integer CHECK (arrive_other_seconds > 0),
  updated_by           bigint,
  updated_at           timestamptz NOT NULL
);
