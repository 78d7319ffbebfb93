import { z } from 'zod';
import { DEV_PII_KEY } from './pii.ts';

/**
 * Every setting the platform reads from the environment, validated once at start.
 * A bad value stops the process with a list of every problem (fail fast, Outline-style).
 */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  /** Where the embedded PGlite store lives (ignored when DATABASE_URL is set). */
  DATA_DIR: z.string().default('./data'),
  /** postgres://… switches the store from embedded PGlite to a PostgreSQL server. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Size of the pg.Pool against a PostgreSQL server. PGlite always uses one connection. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Deadline of each write of an uploaded file (evidence, import upload) to DATA_DIR: a stalled disk answers
   * 503 STORAGE_SLOW after it instead of holding the request (src/server/files/guarded-write.ts).
   */
  FILE_WRITE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** Password of the first `admin` user, used only when the store has no users yet. */
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(1883),
  /** mqtt://host:port of an external broker; the embedded broker is not started then. */
  MQTT_URL: z.string().regex(/^mqtts?:\/\//, 'must start with mqtt:// or mqtts://').optional(),
  /** Set MQTT_ENABLED=false to run without any broker (tests, import-only nodes). */
  MQTT_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Ingest connection credentials at an external broker (when it requires them). */
  MQTT_INGEST_USERNAME: z.string().optional(),
  MQTT_INGEST_PASSWORD: z.string().optional(),
  /** The ingest's client id at an external broker (stable per node, for its persistent session). */
  MQTT_CLIENT_ID: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  /** true: no persistent session at the external broker (tests). */
  MQTT_CLEAN_SESSION: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Shared-subscription group at an external broker, so several nodes split the device traffic. */
  MQTT_SHARE_GROUP: z.string().regex(/^[A-Za-z0-9_-]+$/).default('liftsafe'),
  /** Threads reading status traffic from an external broker (each a member of the shared group); faults have their own. */
  MQTT_INGEST_THREADS: z.coerce.number().int().min(1).max(8).default(1),
  /** Sent by an external broker's HTTP auth hooks as x-hook-secret (POST /api/mqtt/auth, /api/mqtt/acl). */
  MQTT_HOOK_SECRET: z.string().min(16).optional(),
  /** How often live state is written to the store, and how often the IoT rules (offline, trapped, escalation) run. */
  IOT_FLUSH_MS: z.coerce.number().int().min(20).max(10_000).default(500),
  /**
   * 96333 intake of a terminal's trapped alarm in the alarm's own transaction (true) or through the outbox dispatcher
   * (false). Off by default: bench:emergency measured the inline path slower (docs/architecture.md).
   */
  OUTBOX_INLINE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  IOT_SWEEP_SECONDS: z.coerce.number().int().min(1).max(600).default(5),
  /** Days of per-minute occupancy kept for the maintenance cross-check (Beijing-time days). */
  IOT_OCCUPANCY_DAYS: z.coerce.number().int().min(1).max(3660).default(62),
  /** Simulated terminals started by `npm run demo` (0 = none). */
  DEMO_DEVICES: z.coerce.number().int().min(0).max(5000).default(300),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Bearer-token lifetime in minutes. */
  SESSION_TTL_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 30).default(12 * 60),
  /** A session also ends after this many minutes without a request (等保 2.0 session timeout). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 30).default(30),
  /** Safety assessment (GB/T 42615) risk grades run 1..this, the highest being the most dangerous (Beijing used 1–4). */
  ASSESSMENT_GRADE_SCALE: z.coerce.number().int().min(2).max(10).default(4),
  /** Failed logins in a row before an account locks, and for how long. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Failed logins from one address (any accounts) within LOGIN_LOCK_MINUTES before that address must wait. */
  LOGIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Calls a minute per address to the public (no login) pages and lookups; 0 turns the limit off (benches). */
  PUBLIC_RATE_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(300),
  /**
   * Which peers may set X-Forwarded-For (the client address every rate limit and audit entry uses): 'true',
   * 'false', or a comma list of addresses, CIDRs and the names loopback, linklocal, uniquelocal. The default trusts a
   * reverse proxy on this machine or the private network; a client on the internet cannot fake its address.
   */
  TRUST_PROXY: z
    .string()
    .default('loopback,linklocal,uniquelocal')
    .transform((v) => (v === 'true' ? true : v === 'false' ? false : v)),
  /** Base URL printed on QR labels; defaults to http://localhost:PORT. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  /** Demo province size for `npm run demo`. */
  DEMO_ELEVATORS: z.coerce.number().int().min(100).max(2_000_000).default(50_000),
  NODE_ENV: z.string().default('development'),
  /**
   * Key of the HMAC-SHA256 under which 身份证号 are stored (personnel): a leaked table cannot be reversed by trying
   * every number without it. Required in production; keep it stable (a new key makes stored hashes unmatchable).
   */
  PERSONNEL_ID_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Key (32 bytes, base64) of the personal data encrypted at rest (phones, TOTP secrets) and of the phone search
   * hashes. Without it a fixed development key is used, with a loud warning in production. Keep it stable and
   * backed up apart from the store: without it the encrypted columns cannot be read.
   */
  PII_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(v), 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
  /**
   * Second factor for the accounts that hold administrative permissions (ADMIN_PERMISSIONS in roles.ts): 'totp'
   * (RFC 6238 authenticator app, enrolled at the first login) or 'off'.
   */
  ADMIN_SECOND_FACTOR: z.enum(['totp', 'off']).default('totp'),
});

/** Development and test only: production refuses to start without PERSONNEL_ID_SECRET. */
const DEV_PERSONNEL_ID_SECRET = 'liftsafe-development-personnel-id-key';

export type Config = Omit<z.infer<typeof Env>, 'PERSONNEL_ID_SECRET' | 'PII_KEY'> & {
  storeKind: 'pglite' | 'postgres';
  PERSONNEL_ID_SECRET: string;
  PII_KEY: string;
  /** true when PII_KEY was not set and the development key is in use. */
  piiKeyIsDefault: boolean;
};

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parse the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.PERSONNEL_ID_SECRET) throw new ConfigError(['PERSONNEL_ID_SECRET: required in production']);
  return {
    ...parsed.data,
    PERSONNEL_ID_SECRET: parsed.data.PERSONNEL_ID_SECRET ?? DEV_PERSONNEL_ID_SECRET,
    PII_KEY: parsed.data.PII_KEY ?? DEV_PII_KEY,
    piiKeyIsDefault: !parsed.data.PII_KEY,
    storeKind: parsed.data.DATABASE_URL ? 'postgres' : 'pglite',
  };
}
