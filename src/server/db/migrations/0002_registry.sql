-- The elevator registry (使用登记) and its status history.
CREATE TABLE elevator (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  registration_code  text COLLATE "C" NOT NULL UNIQUE, -- 注册代码, 20 digits
  equipment_code     text COLLATE "C",                 -- 设备代码, 18 characters
  certificate_no     text,                              -- 使用登记证编号
  rescue_code        text COLLATE "C" UNIQUE,           -- 应急救援识别码
  category_code      text NOT NULL,                     -- 设备品种, e.g. 3110
  region_code        text COLLATE "C" NOT NULL REFERENCES region (code),
  address            text NOT NULL,
  place_name         text,
  place_type         text NOT NULL DEFAULT 'OTHER',
  use_unit_id        bigint REFERENCES organization (id),
  maintenance_org_id bigint REFERENCES organization (id),
  maintenance_phone  text,
  manufacturer_name  text,
  manufacturer_org_id bigint REFERENCES organization (id),
  installer_name     text,
  model              text,
  factory_no         text,
  manufacture_date   date,
  commissioning_date date,
  registration_date  date,
  acceptance_date    date,
  status             text NOT NULL CHECK (status IN ('IN_USE', 'STOPPED', 'SCRAPPED', 'CANCELLED', 'UNREGISTERED')),
  status_changed_at  timestamptz,
  floors             smallint,
  rated_speed        numeric(5, 2),
  rated_load         integer,
  ascending_overspeed_protection boolean,
  longitude          numeric(9, 6),
  latitude           numeric(8, 6),
  -- One trigram-indexed column for address and place-name search.
  search_text        text GENERATED ALWAYS AS (address || ' ' || coalesce(place_name, '')) STORED,
  last_import_id     text,
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX elevator_region_idx ON elevator (region_code, registration_code);
CREATE INDEX elevator_use_unit_idx ON elevator (use_unit_id);
CREATE INDEX elevator_maintenance_idx ON elevator (maintenance_org_id);
CREATE INDEX elevator_manufacturer_idx ON elevator (manufacturer_org_id);
CREATE INDEX elevator_status_idx ON elevator (status, registration_code);
CREATE INDEX elevator_equipment_code_idx ON elevator (equipment_code);
CREATE INDEX elevator_search_trgm_idx ON elevator USING gin (search_text gin_trgm_ops);

CREATE TABLE elevator_status_change (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elevator_id bigint NOT NULL REFERENCES elevator (id) ON DELETE CASCADE,
  from_status text,
  to_status   text NOT NULL,
  reason      text,
  effective_on date NOT NULL,
  actor_id    bigint,
  at          timestamptz NOT NULL
);
CREATE INDEX elevator_status_change_elevator_idx ON elevator_status_change (elevator_id, id);

-- Facet counts kept by statement-level triggers, so counts over a province need not scan a million rows.
CREATE TABLE elevator_count (
  region_code        text COLLATE "C" NOT NULL,
  category_code      text NOT NULL,
  status             text NOT NULL,
  place_type         text NOT NULL,
  commissioning_year smallint NOT NULL, -- 0 = unknown
  n                  bigint NOT NULL,
  PRIMARY KEY (region_code, category_code, status, place_type, commissioning_year)
);


CREATE FUNCTION elevator_count_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO elevator_count AS c (region_code, category_code, status, place_type, commissioning_year, n)
  SELECT region_code, category_code, status, place_type,
         coalesce(extract(year FROM commissioning_date)::smallint, 0), count(*)
    FROM new_rows GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (region_code, category_code, status, place_type, commissioning_year)
  DO UPDATE SET n = c.n + excluded.n;
  RETURN NULL;
END $$;

CREATE FUNCTION elevator_count_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE elevator_count c SET n = c.n - d.cnt
    FROM (SELECT region_code, category_code, status, place_type,
                 coalesce(extract(year FROM commissioning_date)::smallint, 0) AS yr, count(*) AS cnt
            FROM old_rows GROUP BY 1, 2, 3, 4, 5) d
   WHERE c.region_code = d.region_code AND c.category_code = d.category_code AND c.status = d.status
     AND c.place_type = d.place_type AND c.commissioning_year = d.yr;
  RETURN NULL;
END $$;

CREATE FUNCTION elevator_count_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only rows whose counted dimensions changed move between buckets.
  WITH moved AS (
    SELECT o.region_code AS o_region, o.category_code AS o_cat, o.status AS o_status, o.place_type AS o_place,
           coalesce(extract(year FROM o.commissioning_date)::smallint, 0) AS o_yr,
           n.region_code AS n_region, n.category_code AS n_cat, n.status AS n_status, n.place_type AS n_place,
           coalesce(extract(year FROM n.commissioning_date)::smallint, 0) AS n_yr
      FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE (o.region_code, o.category_code, o.status, o.place_type, o.commissioning_date)
           IS DISTINCT FROM (n.region_code, n.category_code, n.status, n.place_type, n.commissioning_date)
  ), delta AS (
    SELECT o_region AS r, o_cat AS c, o_status AS s, o_place AS p, o_yr AS y, -count(*) AS d FROM moved GROUP BY 1, 2, 3, 4, 5
    UNION ALL
    SELECT n_region, n_cat, n_status, n_place, n_yr, count(*) FROM moved GROUP BY 1, 2, 3, 4, 5
  )
  INSERT INTO elevator_count AS c (region_code, category_code, status, place_type, commissioning_year, n)
  SELECT r, c, s, p, y, sum(d) FROM delta GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (region_code, category_code, status, place_type, commissioning_year)
  DO UPDATE SET n = c.n + excluded.n;
  RETURN NULL;
END $$;

CREATE TRIGGER elevator_count_ins_trg AFTER INSERT ON elevator
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION elevator_count_ins();
CREATE TRIGGER elevator_count_upd_trg AFTER UPDATE ON elevator
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION elevator_count_upd();
CREATE TRIGGER elevator_count_del_trg AFTER DELETE ON elevator
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION elevator_count_del();
