-- Core tables: regions, organisations, users and sessions, the audit log and background jobs.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- GB/T 2260 divisions plus development zones (kind = 'dev_zone') that roll up to their city.
CREATE TABLE region (
  code        text COLLATE "C" PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
  name        text NOT NULL,
  parent_code text COLLATE "C" REFERENCES region (code),
  level       smallint NOT NULL CHECK (level BETWEEN 1 AND 3), -- 1 province, 2 city, 3 county
  kind        text NOT NULL DEFAULT 'gbt2260' CHECK (kind IN ('gbt2260', 'dev_zone')),
  -- 设区的市: cities with districts get the 30-minute arrival limit, others about 1 hour.
  has_districts boolean NOT NULL DEFAULT true
);
CREATE INDEX region_parent_idx ON region (parent_code);

-- Codes retired by mergers (莱芜 3712xx → 济南) and what they map to now.
CREATE TABLE region_alias (
  old_code text COLLATE "C" PRIMARY KEY,
  code     text COLLATE "C" NOT NULL REFERENCES region (code),
  note     text NOT NULL
);

CREATE TABLE organization (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  credit_code   text COLLATE "C" UNIQUE, -- 统一社会信用代码 (GB 32100), checked in code
  name          text NOT NULL,
  type          text NOT NULL,
  region_code   text COLLATE "C" NOT NULL REFERENCES region (code),
  address       text,
  contact_name  text,
  contact_phone text,
  hotline       text, -- 24-hour duty phone (maintenance companies, rescue stations)
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organization_type_region_idx ON organization (type, region_code);
CREATE INDEX organization_region_idx ON organization (region_code);
CREATE INDEX organization_name_trgm_idx ON organization USING gin (name gin_trgm_ops);
CREATE INDEX organization_name_idx ON organization (name);

CREATE TABLE organization_licence (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id     bigint NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
  kind       text NOT NULL, -- e.g. 电梯安装改造修理许可, 检验机构核准
  number     text NOT NULL,
  scope      text,
  issued_on  date,
  expires_on date,
  UNIQUE (org_id, kind, number)
);

CREATE TABLE app_user (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username       text NOT NULL UNIQUE,
  display_name   text NOT NULL,
  password_hash  text NOT NULL, -- scrypt$N$r$p$salt$hash
  org_id         bigint NOT NULL REFERENCES organization (id),
  roles          text[] NOT NULL DEFAULT '{}',
  phone          text,
  active         boolean NOT NULL DEFAULT true,
  failed_logins  integer NOT NULL DEFAULT 0,
  locked_until   timestamptz,
  last_login_at  timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX app_user_org_idx ON app_user (org_id);

-- Bearer tokens are stored only as their SHA-256.
CREATE TABLE user_session (
  token_hash text PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

-- Append-only, hash-chained: hash = sha256(prev_hash || canonical JSON of the entry).
CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor_id    bigint,
  actor_name  text NOT NULL,
  org_id      bigint,
  region_code text COLLATE "C", -- region of the changed thing, for regulators' scoped view
  action      text NOT NULL,
  entity_type text NOT NULL,
  entity_id   text NOT NULL,
  before      jsonb,
  after       jsonb,
  prev_hash   text NOT NULL,
  hash        text NOT NULL UNIQUE
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, id);
CREATE INDEX audit_log_region_idx ON audit_log (region_code, id);

-- Long work (imports, exports) runs as a job whose progress the UI polls.
CREATE TABLE job (
  id           text PRIMARY KEY,
  kind         text NOT NULL,
  status       text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  created_by   bigint REFERENCES app_user (id),
  org_id       bigint,
  file_name    text,
  file_sha256  text,
  total        integer NOT NULL DEFAULT 0,
  processed    integer NOT NULL DEFAULT 0,
  imported     integer NOT NULL DEFAULT 0,
  updated      integer NOT NULL DEFAULT 0,
  rejected     integer NOT NULL DEFAULT 0,
  warnings     integer NOT NULL DEFAULT 0,
  error        text,
  created_at   timestamptz NOT NULL,
  started_at   timestamptz,
  finished_at  timestamptz,
  heartbeat_at timestamptz
);
CREATE INDEX job_created_idx ON job (created_by, created_at DESC);

-- Row-level findings of a job: rejected rows (severity error) and accepted rows with warnings.
CREATE TABLE job_issue (
  job_id            text NOT NULL REFERENCES job (id) ON DELETE CASCADE,
  line              integer NOT NULL,
  severity          text NOT NULL CHECK (severity IN ('error', 'warning')),
  registration_code text,
  errors            jsonb NOT NULL,
  PRIMARY KEY (job_id, severity, line)
);
