-- Passengers in the car, minute by minute: one bit per minute of the Beijing-time day in which a terminal reported
-- the car occupied. Written at most once per elevator and minute (the ingest remembers the last minute it queued),
-- OR-ed in place, so several nodes taking one elevator's messages merge without coordination. Read by the
-- maintenance cross-check "normal service with passengers during the claimed visit"; pruned after
-- IOT_OCCUPANCY_DAYS by the rule sweeper (≈ 200 bytes per connected elevator and day).
CREATE TABLE elevator_occupancy (
  elevator_id bigint NOT NULL REFERENCES elevator (id) ON DELETE CASCADE,
  day         date NOT NULL,
  minutes     bit(1440) NOT NULL,
  PRIMARY KEY (elevator_id, day)
);
CREATE INDEX elevator_occupancy_day_idx ON elevator_occupancy (day);
