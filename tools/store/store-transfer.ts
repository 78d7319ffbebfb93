/**
 * Moving a LiftSafe store between engines and files (issue 9, "outgrowing the embedded store").
 *
 * Everything here speaks plain SQL over one pg client per side, so it works the same on embedded PGlite and on a
 * PostgreSQL server. Rows travel as JSON text (`row_to_json` on the source, `json_populate_recordset` on the
 * target): the values never pass through JavaScript types, so timestamptz keeps its microseconds, numeric its scale,
 * jsonb its content and arrays their NULLs. The checksum of a table is order-independent (the sum of every row's
 * md5, in two 64-bit halves), computed by the same SQL on both engines in one streaming aggregate per table, so it
 * needs no ordering (collations differ between PGlite and a server) and no memory beyond one row.
 */
import type pg from 'pg';
import { listMigrations, migrate } from '../../src/server/db/migrator.ts';
import type { Store } from '../../src/server/db/store.ts';

/** A refusal or failure the CLI turns into a Chinese message and a stable exit code. */
export class TransferError extends Error {
  constructor(
    public readonly code: 'TARGET_NOT_EMPTY' | 'SOURCE_LOCKED' | 'SOURCE_MISSING' | 'VERSION_MISMATCH' | 'SCHEMA_MISMATCH' | 'BAD_BACKUP' | 'USAGE',
    message: string,
  ) {
    super(message);
  }
}

/** Exit codes of migrate-store, backup and restore (README "Operations"). */
export const EXIT = { ok: 0, error: 1, usage: 2, mismatch: 3, targetNotEmpty: 4, sourceLocked: 5, version: 6 } as const;

export const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

export interface TableInfo {
  name: string;
  /** Every column in table order (the checksum covers generated columns too). */
  columns: string[];
  /** Columns written on copy: generated columns are computed by the target. */
  insertColumns: string[];
  /** Primary-key columns with their SQL types, for keyset paging. */
  key: { name: string; type: string }[];
  /** Tables this one references (itself excluded). */
  deps: string[];
  hasUserTriggers: boolean;
}

export interface ForeignKey {
  table: string;
  name: string;
  references: string;
  definition: string;
}

export interface SequenceInfo {
  name: string;
  owner?: { table: string; column: string };
}

export interface Catalog {
  /** In dependency order: a referenced table comes before the tables referencing it. */
  tables: TableInfo[];
  /** Foreign keys the order cannot satisfy (a table referencing itself, or a cycle): dropped and re-added on load. */
  loopForeignKeys: ForeignKey[];
  sequences: SequenceInfo[];
}

type Queryable = Pick<pg.PoolClient, 'query'>;

const NS = `(SELECT oid FROM pg_namespace WHERE nspname = current_schema())`;

/** Settings that make every value's text identical on both engines (the checksum hashes the row text). */
export async function prepareSession(c: Queryable): Promise<void> {
  for (const s of [`SET TimeZone = 'UTC'`, `SET DateStyle = 'ISO, YMD'`, `SET IntervalStyle = 'postgres'`, `SET extra_float_digits = 1`, `SET bytea_output = 'hex'`]) {
    await c.query(s);
  }
}

export async function readCatalog(c: Queryable): Promise<Catalog> {
  const tables = (
    await c.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = ${NS} AND relkind IN ('r', 'p') AND NOT relispartition AND relname <> 'schema_migration' ORDER BY relname`,
    )
  ).rows.map((r) => r.name);
  const cols = (
    await c.query<{ t: string; col: string; gen: boolean }>(
      `SELECT cl.relname AS t, a.attname AS col, a.attgenerated <> '' AS gen
         FROM pg_attribute a JOIN pg_class cl ON cl.oid = a.attrelid
        WHERE cl.relnamespace = ${NS} AND cl.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY cl.relname, a.attnum`,
    )
  ).rows;
  const keys = (
    await c.query<{ t: string; col: string; type: string }>(
      `SELECT cl.relname AS t, a.attname AS col, format_type(a.atttypid, a.atttypmod) AS type
         FROM pg_constraint p JOIN pg_class cl ON cl.oid = p.conrelid
         CROSS JOIN LATERAL unnest(p.conkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = k.attnum
        WHERE p.contype = 'p' AND cl.relnamespace = ${NS}
        ORDER BY cl.relname, k.ord`,
    )
  ).rows;
  const fks = (
    await c.query<{ name: string; t: string; ft: string; def: string }>(
      `SELECT p.conname AS name, cl.relname AS t, f.relname AS ft, pg_get_constraintdef(p.oid) AS def
         FROM pg_constraint p JOIN pg_class cl ON cl.oid = p.conrelid JOIN pg_class f ON f.oid = p.confrelid
        WHERE p.contype = 'f' AND cl.relnamespace = ${NS}
        ORDER BY cl.relname, p.conname`,
    )
  ).rows;
  const triggered = new Set(
    (
      await c.query<{ t: string }>(
        `SELECT DISTINCT cl.relname AS t FROM pg_trigger g JOIN pg_class cl ON cl.oid = g.tgrelid WHERE NOT g.tgisinternal AND cl.relnamespace = ${NS}`,
      )
    ).rows.map((r) => r.t),
  );
  const sequences = (
    await c.query<{ name: string; t: string | null; col: string | null }>(
      `SELECT s.relname AS name, t.relname AS t, a.attname AS col
         FROM pg_class s
         LEFT JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
         LEFT JOIN pg_class t ON t.oid = d.refobjid
         LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
        WHERE s.relkind = 'S' AND s.relnamespace = ${NS}
        ORDER BY s.relname`,
    )
  ).rows.map((r) => ({ name: r.name, ...(r.t && r.col ? { owner: { table: r.t, column: r.col } } : {}) }));

  const info = new Map<string, TableInfo>();
  for (const name of tables) {
    const own = cols.filter((r) => r.t === name);
    const key = keys.filter((r) => r.t === name).map((r) => ({ name: r.col, type: r.type }));
    // Without a primary key the batch pages over every column (no such table today; kept correct anyway).
    info.set(name, {
      name,
      columns: own.map((r) => r.col),
      insertColumns: own.filter((r) => !r.gen).map((r) => r.col),
      key,
      deps: [...new Set(fks.filter((f) => f.t === name && f.ft !== name && tables.includes(f.ft)).map((f) => f.ft))],
      hasUserTriggers: triggered.has(name),
    });
  }

  // Kahn's algorithm, alphabetical among the ready tables so the order is stable.
  const ordered: TableInfo[] = [];
  const pending = new Set(tables);
  while (pending.size) {
    const ready = [...pending].filter((t) => info.get(t)!.deps.every((d) => !pending.has(d)));
    if (!ready.length) break; // a cycle between tables: the rest go in name order with their foreign keys re-added
    for (const t of ready) {
      ordered.push(info.get(t)!);
      pending.delete(t);
    }
  }
  const cyclic = new Set(pending);
  for (const t of [...pending].sort()) ordered.push(info.get(t)!);
  const loopForeignKeys = fks
    .filter((f) => f.t === f.ft || (cyclic.has(f.t) && cyclic.has(f.ft)))
    .map((f) => ({ table: f.t, name: f.name, references: f.ft, definition: f.def }));
  return { tables: ordered, loopForeignKeys, sequences };
}

/** The migrations a store has applied, as `version:checksum` in order. */
export async function appliedMigrations(c: Queryable): Promise<{ version: number; name: string; checksum: string }[]> {
  const exists = (await c.query(`SELECT 1 FROM pg_class WHERE relnamespace = ${NS} AND relname = 'schema_migration'`)).rows.length > 0;
  if (!exists) return [];
  return (await c.query<{ version: number; name: string; checksum: string }>('SELECT version, name, checksum FROM schema_migration ORDER BY version')).rows;
}

/** The source must be exactly at this program's migrations: a copy between schema versions would be wrong. */
export function checkMigrationsMatch(applied: { version: number; checksum: string }[], what: string): void {
  const code = listMigrations();
  const a = applied.map((m) => `${m.version}:${m.checksum}`).join(',');
  const b = code.map((m) => `${m.version}:${m.checksum}`).join(',');
  if (a === b) return;
  const have = applied.length ? applied[applied.length - 1].version : 0;
  const want = code[code.length - 1].version;
  throw new TransferError(
    'VERSION_MISMATCH',
    have < want
      ? `${what}的迁移版本为 ${have}，低于本程序的 ${want}。请先用本版本程序启动一次服务（自动升级），再执行本操作。`
      : have > want
        ? `${what}的迁移版本为 ${have}，高于本程序的 ${want}。请使用与之相同或更新版本的程序。`
        : `${what}的迁移记录与本程序的迁移文件不一致（校验和不同），无法确认表结构相同。`,
  );
}

/** Tables the migrations themselves fill (reference rows): their rows do not make a target "non-empty". */
export function migrationSeededTables(): Set<string> {
  const out = new Set<string>();
  for (const m of listMigrations()) for (const hit of m.sql.matchAll(/^INSERT INTO (\w+)/gim)) out.add(hit[1]);
  return out;
}

/**
 * Refuses a target that already holds data, unless forced. Checked before any migration touches it.
 * Empty: no tables at all, or a LiftSafe schema whose tables hold only what the migrations insert.
 */
export async function checkTargetEmpty(c: Queryable, force: boolean, describe: string): Promise<void> {
  const tables = (await c.query<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relnamespace = ${NS} AND relkind IN ('r', 'p')`)).rows.map((r) => r.name);
  if (!tables.length || force) return;
  if (!tables.includes('schema_migration')) {
    throw new TransferError('TARGET_NOT_EMPTY', `目标${describe}中已有其他表（${tables.slice(0, 5).join('、')}${tables.length > 5 ? ' 等' : ''}），不是空库。请换一个空的数据库或模式。`);
  }
  const seeded = migrationSeededTables();
  const withRows: string[] = [];
  for (const t of tables) {
    if (t === 'schema_migration' || seeded.has(t)) continue;
    if ((await c.query(`SELECT 1 FROM ${quoteIdent(t)} LIMIT 1`)).rows.length) withRows.push(t);
  }
  if (withRows.length) {
    throw new TransferError(
      'TARGET_NOT_EMPTY',
      `目标${describe}已有数据（${withRows.slice(0, 5).join('、')}${withRows.length > 5 ? ' 等' : ''}）。为避免覆盖，已拒绝执行；确认要清空目标并重新写入时加 --force。`,
    );
  }
}

export interface TableSum {
  rows: number;
  checksum: string;
}

const MASK64 = (1n << 64n) - 1n;

/**
 * Row count and checksum of every table: the md5 of each row's text (every column, generated ones included),
 * summed in two 64-bit halves. Order does not matter, so PGlite (C collation) and a server (any collation) agree,
 * and one streaming aggregate per table keeps memory flat however large the table is.
 */
export async function tableChecksums(c: Queryable, catalog: Catalog): Promise<Map<string, TableSum>> {
  const out = new Map<string, TableSum>();
  for (const t of catalog.tables) {
    const cols = t.columns.map(quoteIdent).join(', ');
    const { rows } = await c.query<{ n: string; a: string; b: string }>(
      `SELECT count(*)::text AS n,
              coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint), 0)::text AS a,
              coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint), 0)::text AS b
         FROM (SELECT md5(x::text) AS h FROM (SELECT ${cols} FROM ${quoteIdent(t.name)}) x) y`,
    );
    const hex = (v: string) => (BigInt(v) & MASK64).toString(16).padStart(16, '0');
    out.set(t.name, { rows: Number(rows[0].n), checksum: hex(rows[0].a) + hex(rows[0].b) });
  }
  return out;
}

export interface SequenceState {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

export async function readSequences(c: Queryable, catalog: Catalog): Promise<SequenceState[]> {
  const out: SequenceState[] = [];
  for (const s of catalog.sequences) {
    const { rows } = await c.query<{ v: string; called: boolean }>(`SELECT last_value::text AS v, is_called AS called FROM ${quoteIdent(s.name)}`);
    out.push({ name: s.name, lastValue: rows[0].v, isCalled: rows[0].called });
  }
  return out;
}

/** Keyset paging over the primary key (the index order of the engine: only completeness matters here). */
function pageQuery(t: TableInfo, batch: number, after: string[] | undefined): { text: string; values: unknown[] } {
  const key = t.key.length ? t.key : t.columns.map((name) => ({ name, type: 'text' }));
  const keyCols = key.map((k) => `x.${quoteIdent(k.name)}`);
  const order = key.map((k) => quoteIdent(k.name)).join(', ');
  const where = after
    ? `WHERE (${order}) > (${key.map((k, i) => `$${i + 1}::${k.type}`).join(', ')})`
    : '';
  return {
    text: `SELECT row_to_json(x)::text AS j, json_build_array(${keyCols.map((k) => `${k}::text`).join(', ')})::text AS k
             FROM (SELECT ${t.insertColumns.map(quoteIdent).join(', ')} FROM ${quoteIdent(t.name)} ${where} ORDER BY ${order} LIMIT ${batch}) x
            ORDER BY ${keyCols.join(', ')}`,
    values: after ?? [],
  };
}

/** A table's rows as JSON texts, a batch at a time. */
export async function* readRows(c: Queryable, t: TableInfo, batch: number): AsyncGenerator<string[]> {
  let after: string[] | undefined;
  for (;;) {
    const q = pageQuery(t, batch, after);
    const { rows } = await c.query<{ j: string; k: string }>(q.text, q.values);
    if (!rows.length) return;
    yield rows.map((r) => r.j);
    if (rows.length < batch) return;
    after = JSON.parse(rows[rows.length - 1].k) as string[];
  }
}

/**
 * Writes a whole store inside one transaction on the target: either every table arrives or none does.
 * User triggers are disabled while rows go in (the facet-count tables are copied as plain data, not recounted by
 * the elevator triggers on top of the copied counts); foreign keys stay enforced, except those the table order
 * cannot satisfy (self-references), which are dropped and re-added, so they are validated over all rows at the end.
 */
export class TargetLoader {
  private open = false;
  constructor(
    private readonly c: pg.PoolClient,
    private readonly catalog: Catalog,
  ) {}

  async begin(): Promise<void> {
    await this.c.query('BEGIN');
    this.open = true;
    for (const t of this.catalog.tables) if (t.hasUserTriggers) await this.c.query(`ALTER TABLE ${quoteIdent(t.name)} DISABLE TRIGGER USER`);
    for (const f of this.catalog.loopForeignKeys) await this.c.query(`ALTER TABLE ${quoteIdent(f.table)} DROP CONSTRAINT ${quoteIdent(f.name)}`);
    // Rows the migrations inserted (reference tables), or everything with --force: the copy replaces them.
    await this.c.query(`TRUNCATE ${this.catalog.tables.map((t) => quoteIdent(t.name)).join(', ')} RESTART IDENTITY`);
  }

  /** `rows`: JSON objects (one per row) as produced by readRows or a backup file. */
  async load(t: TableInfo, rows: string[]): Promise<void> {
    if (!rows.length) return;
    const cols = t.insertColumns.map(quoteIdent).join(', ');
    await this.c.query(
      `INSERT INTO ${quoteIdent(t.name)} (${cols}) OVERRIDING SYSTEM VALUE
       SELECT ${cols} FROM json_populate_recordset(NULL::${quoteIdent(t.name)}, $1::json)`,
      [`[${rows.join(',')}]`],
    );
  }

  /** Re-adds dropped keys, re-enables triggers, carries the sequences over (never below a copied id), commits. */
  async finish(sequences: SequenceState[]): Promise<void> {
    for (const f of this.catalog.loopForeignKeys) await this.c.query(`ALTER TABLE ${quoteIdent(f.table)} ADD CONSTRAINT ${quoteIdent(f.name)} ${f.definition}`);
    for (const t of this.catalog.tables) if (t.hasUserTriggers) await this.c.query(`ALTER TABLE ${quoteIdent(t.name)} ENABLE TRIGGER USER`);
    const state = new Map(sequences.map((s) => [s.name, s]));
    for (const s of this.catalog.sequences) {
      const src = state.get(s.name);
      let value = src?.isCalled ? BigInt(src.lastValue) : 0n;
      if (s.owner) {
        const { rows } = await this.c.query<{ m: string | null }>(`SELECT max(${quoteIdent(s.owner.column)})::text AS m FROM ${quoteIdent(s.owner.table)}`);
        if (rows[0].m !== null && BigInt(rows[0].m) > value) value = BigInt(rows[0].m);
      }
      if (value > 0n) await this.c.query(`SELECT setval($1::regclass, $2::bigint, true)`, [quoteIdent(s.name), value.toString()]);
    }
    await this.c.query('COMMIT');
    this.open = false;
  }

  async abort(): Promise<void> {
    if (this.open) await this.c.query('ROLLBACK').catch(() => {});
    this.open = false;
  }
}

/** Prints at most one progress line a second per table, and one at its end. */
export class Progress {
  private started = performance.now();
  private tableStart = 0;
  private lastPrint = 0;
  private done = 0;
  total = 0;
  constructor(private readonly log: (line: string) => void) {}

  table(name: string, expected: number, step: number, end = false): void {
    const now = performance.now();
    if (step === 0 && !end) {
      this.tableStart = now;
      this.done = 0;
    }
    this.done += step;
    this.total += step;
    if (!end && now - this.lastPrint < 1000) return;
    this.lastPrint = now;
    const secs = (now - this.tableStart) / 1000;
    const rate = secs > 0 ? Math.round(this.done / secs) : 0;
    this.log(`  ${name.padEnd(34)} ${String(this.done).padStart(9)} / ${String(expected).padEnd(9)} ${end ? 'done' : '    '} ${rate.toLocaleString('en-US')} rows/s`);
  }

  get seconds(): number {
    return (performance.now() - this.started) / 1000;
  }
}

export interface CopyResult {
  tables: number;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

export interface CopyOptions {
  force?: boolean;
  batchSize?: number;
  log?: (line: string) => void;
  /** Names the target in refusals ("PostgreSQL 数据库", "数据目录 …"). */
  describeTarget?: string;
}

/** Opens a dedicated session with the deterministic settings; a PostgreSQL source reads from one snapshot. */
export async function openSession(store: Store, snapshot: boolean): Promise<pg.PoolClient> {
  const c = await store.pool.connect();
  await prepareSession(c);
  if (snapshot && store.kind === 'postgres') await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  return c;
}

export async function closeSession(c: pg.PoolClient, snapshot: boolean): Promise<void> {
  if (snapshot) await c.query('ROLLBACK').catch(() => {});
  c.release();
}

/**
 * Refuses a non-empty target, then applies this program's migrations to it and checks both schemas agree.
 * Uses its own short sessions (PGlite's pool has a single connection, which the migrator needs).
 */
export async function prepareTarget(target: Store, opts: CopyOptions, sourceCatalog?: Catalog): Promise<Catalog> {
  const describe = opts.describeTarget ?? (target.kind === 'postgres' ? ' PostgreSQL 数据库' : '数据目录');
  const before = await target.pool.connect();
  try {
    await checkTargetEmpty(before, !!opts.force, describe);
    const applied = await appliedMigrations(before);
    const code = listMigrations();
    if (applied.length && applied[applied.length - 1].version > code[code.length - 1].version) checkMigrationsMatch(applied, `目标${describe}`);
  } finally {
    before.release();
  }
  await migrate(target.pool, (m) => opts.log?.(`target: ${m}`));
  const after = await target.pool.connect();
  try {
    checkMigrationsMatch(await appliedMigrations(after), `目标${describe}`);
    const catalog = await readCatalog(after);
    if (sourceCatalog) assertSameSchema(sourceCatalog, catalog);
    return catalog;
  } finally {
    after.release();
  }
}

export function assertSameSchema(a: Catalog, b: Catalog): void {
  const shape = (c: Catalog) => new Map(c.tables.map((t) => [t.name, t.columns.join(',')]));
  const sa = shape(a);
  const sb = shape(b);
  const differ = [...new Set([...sa.keys(), ...sb.keys()])].filter((t) => sa.get(t) !== sb.get(t));
  if (differ.length) throw new TransferError('SCHEMA_MISMATCH', `源与目标的表结构不同：${differ.slice(0, 5).join('、')}。两边必须由同一版本的迁移建成。`);
}

/** Copies a store (normally PGlite) into an empty store (normally PostgreSQL). The source is only read. */
export async function copyStore(source: Store, target: Store, opts: CopyOptions = {}): Promise<CopyResult> {
  const log = opts.log ?? (() => {});
  const batch = opts.batchSize ?? 5000;
  const sc = await openSession(source, true);
  let tc: pg.PoolClient | undefined;
  let loader: TargetLoader | undefined;
  try {
    checkMigrationsMatch(await appliedMigrations(sc), '源库');
    const catalog = await readCatalog(sc);
    const targetCatalog = await prepareTarget(target, opts, catalog);
    tc = await openSession(target, false);
    const counts = new Map<string, number>();
    for (const t of catalog.tables) counts.set(t.name, Number((await sc.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(t.name)}`)).rows[0].n));
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    log(`copying ${catalog.tables.length} tables, ${total.toLocaleString('en-US')} rows, batches of ${batch}`);
    loader = new TargetLoader(tc, targetCatalog);
    await loader.begin();
    const progress = new Progress(log);
    const byName = new Map(targetCatalog.tables.map((t) => [t.name, t]));
    for (const t of catalog.tables) {
      const expected = counts.get(t.name)!;
      progress.table(t.name, expected, 0);
      // One batch in flight on the target while the next is read from the source: the two engines work at once.
      let writing: Promise<void> = Promise.resolve();
      for await (const rows of readRows(sc, t, batch)) {
        await writing;
        writing = loader.load(byName.get(t.name)!, rows);
        progress.table(t.name, expected, rows.length);
      }
      await writing;
      progress.table(t.name, expected, 0, true);
    }
    await loader.finish(await readSequences(sc, catalog));
    const seconds = progress.seconds;
    return { tables: catalog.tables.length, rows: progress.total, seconds, rowsPerSecond: Math.round(progress.total / seconds) };
  } catch (err) {
    await loader?.abort();
    throw err;
  } finally {
    await closeSession(sc, true);
    if (tc) await closeSession(tc, false);
  }
}

export interface VerifyRow {
  table: string;
  expectedRows: number;
  actualRows: number;
  expectedChecksum: string;
  actualChecksum: string;
  ok: boolean;
}

export interface VerifyReport {
  ok: boolean;
  tables: VerifyRow[];
  /** Identity and serial sequences on the target that would hand out an id already taken. */
  sequenceProblems: string[];
  seconds: number;
}

export function compareSums(expected: Map<string, TableSum>, actual: Map<string, TableSum>): VerifyRow[] {
  const names = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  return names.map((table) => {
    const e = expected.get(table);
    const a = actual.get(table);
    return {
      table,
      expectedRows: e?.rows ?? -1,
      actualRows: a?.rows ?? -1,
      expectedChecksum: e?.checksum ?? '(missing)',
      actualChecksum: a?.checksum ?? '(missing)',
      ok: !!e && !!a && e.rows === a.rows && e.checksum === a.checksum,
    };
  });
}

/** Every owned sequence must stand at or past its column's largest value, or the next insert collides. */
export async function sequenceProblems(c: Queryable, catalog: Catalog): Promise<string[]> {
  const out: string[] = [];
  for (const s of catalog.sequences) {
    if (!s.owner) continue;
    const { rows } = await c.query<{ ok: boolean }>(
      `SELECT coalesce((SELECT max(${quoteIdent(s.owner.column)}) FROM ${quoteIdent(s.owner.table)}) <= (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM ${quoteIdent(s.name)}), true) AS ok`,
    );
    if (!rows[0].ok) out.push(`${s.owner.table}.${s.owner.column}`);
  }
  return out;
}

/** Counts and checksums of every table on both stores, computed by the same SQL; the target's sequences checked. */
export async function verifyStores(source: Store, target: Store): Promise<VerifyReport> {
  const started = performance.now();
  const sc = await openSession(source, true);
  const tc = await openSession(target, true);
  try {
    const catalog = await readCatalog(sc);
    const targetCatalog = await readCatalog(tc);
    const [expected, actual] = await Promise.all([tableChecksums(sc, catalog), tableChecksums(tc, targetCatalog)]);
    const tables = compareSums(expected, actual);
    const sequences = await sequenceProblems(tc, targetCatalog);
    return { ok: tables.every((r) => r.ok) && !sequences.length, tables, sequenceProblems: sequences, seconds: (performance.now() - started) / 1000 };
  } finally {
    await closeSession(sc, true);
    await closeSession(tc, true);
  }
}

export function formatReport(r: VerifyReport, labels: [string, string] = ['source', 'target']): string {
  const lines = [`${'table'.padEnd(34)} ${`${labels[0]} rows`.padStart(12)} ${`${labels[1]} rows`.padStart(12)}  checksum (${labels[0]} / ${labels[1]})`];
  for (const t of r.tables) {
    lines.push(
      `${t.table.padEnd(34)} ${String(t.expectedRows).padStart(12)} ${String(t.actualRows).padStart(12)}  ${t.ok ? 'ok  ' : 'DIFF'} ${t.expectedChecksum.slice(0, 12)} / ${t.actualChecksum.slice(0, 12)}`,
    );
  }
  const bad = r.tables.filter((t) => !t.ok);
  lines.push(`${r.tables.length} tables, ${r.tables.reduce((a, t) => a + Math.max(t.actualRows, 0), 0)} rows checked in ${r.seconds.toFixed(1)} s: ${bad.length ? `${bad.length} MISMATCH (${bad.map((t) => t.table).join(', ')})` : 'all equal'}`);
  if (r.sequenceProblems.length) lines.push(`sequences behind their max id: ${r.sequenceProblems.join(', ')}`);
  return lines.join('\n');
}
