-- Issue 9 item 4 (load held): "organisations active in a region" (credit scope, the cockpit's credit panel, the
-- maintenance grading's company list) probes, per organisation, whether it uses, maintains or made an elevator in the
-- region, or inspected one there. Indexed by the organisation alone, a probe read every row of a large company, and
-- for manufacturers and inspection agencies (few organisations, many rows each) the planner scanned the whole table
-- per organisation: a city regulator's credit panel took 13–20 s at 50,000 elevators. With the region as the second
-- column each probe is one index-only lookup. The elevator indexes keep their names (bulk-load.ts rebuilds them).
DROP INDEX IF EXISTS elevator_use_unit_idx;
CREATE INDEX elevator_use_unit_idx ON elevator (use_unit_id, region_code);
DROP INDEX IF EXISTS elevator_maintenance_idx;
CREATE INDEX elevator_maintenance_idx ON elevator (maintenance_org_id, region_code);
DROP INDEX IF EXISTS elevator_manufacturer_idx;
CREATE INDEX elevator_manufacturer_idx ON elevator (manufacturer_org_id, region_code);
CREATE INDEX inspection_report_agency_region_idx ON inspection_report (agency_org_id, region_code);
