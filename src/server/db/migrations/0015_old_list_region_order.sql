-- Old-elevator lists of one county read in date order from an index instead of sorting the county's old stock:
-- (region_code, date, id) serves both "region = county ORDER BY date, id LIMIT n" and the range of a city or
-- province (leading column), so it replaces the region-only partial indexes of 0008.
CREATE INDEX elevator_old_registered_region_date_idx ON elevator (region_code, registration_date, id)
  WHERE registration_date < '2009-01-01' AND status IN ('IN_USE', 'STOPPED');
CREATE INDEX elevator_overspeed_region_date_idx ON elevator (region_code, manufacture_date, id)
  WHERE manufacture_date <= '2004-12-31' AND ascending_overspeed_protection IS NOT TRUE AND status IN ('IN_USE', 'STOPPED');
DROP INDEX elevator_old_registered_region_idx;
DROP INDEX elevator_overspeed_region_idx;
