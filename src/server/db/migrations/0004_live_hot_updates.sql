-- Status reports rewrite elevator_live rows all day. Without an index on last_seen (the offline sweep scans
-- instead) and with room left on each page, most of those updates are heap-only (HOT) and touch no index.
DROP INDEX IF EXISTS elevator_live_online_seen_idx;
ALTER TABLE elevator_live SET (fillfactor = 70);
