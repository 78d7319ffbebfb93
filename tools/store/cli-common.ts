/** Shared by the store tools: arguments, opening either store kind, Chinese refusals with stable exit codes. */
import fs from 'node:fs';
import path from 'node:path';
import { openStore, StoreLockedError, type Store } from '../../src/server/db/store.ts';
import { EXIT, TransferError } from './store-transfer.ts';

export function parseArgs(argv: string[], known: string[], flags: string[] = []): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.replace(/^--/, '').split('=')[0];
    if (!a.startsWith('--') || (!known.includes(name) && !flags.includes(name))) throw new TransferError('USAGE', `无法识别的参数：${a}`);
    if (flags.includes(name)) out[name] = true;
    else if (a.includes('=')) out[name] = a.slice(a.indexOf('=') + 1);
    else if (i + 1 < argv.length) out[name] = argv[++i];
    else throw new TransferError('USAGE', `参数 ${a} 缺少取值`);
  }
  return out;
}

export const isPostgresUrl = (s: string) => /^postgres(ql)?:\/\//.test(s);

/** A URL without its password, for progress lines. */
export const redact = (url: string) => url.replace(/(\/\/[^:/@]+):[^@/]*@/, '$1:***@');

/** An existing PGlite data directory, locked against a running server (its lock file). */
export async function openExistingPglite(dir: string): Promise<Store> {
  const abs = path.resolve(dir);
  if (!fs.existsSync(path.join(abs, 'pglite', 'PG_VERSION'))) {
    throw new TransferError('SOURCE_MISSING', `${abs} 不是 LiftSafe 数据目录（其中没有 pglite/ 数据）。请用 --from 指向服务的 DATA_DIR。`);
  }
  return openPglite(abs);
}

/** A PGlite directory, created when missing (restore target). */
export async function openPglite(dir: string): Promise<Store> {
  const abs = path.resolve(dir);
  try {
    return await openStore({ dataDir: abs });
  } catch (err) {
    if (err instanceof StoreLockedError) {
      let pid = '';
      try {
        pid = fs.readFileSync(path.join(abs, 'liftsafe.lock'), 'utf8').trim();
      } catch {
        /* gone meanwhile */
      }
      throw new TransferError('SOURCE_LOCKED', `数据目录 ${abs} 正被运行中的进程${pid ? ` ${pid} ` : ''}使用（LiftSafe 服务？）。请先停止该服务再执行本操作，以免读到写了一半的数据。`);
    }
    throw err;
  }
}

/** A PostgreSQL store; with a schema, that schema is created if missing (pg_trgm lives in public). */
export async function openPostgres(url: string, schema?: string): Promise<Store> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new TransferError('USAGE', `模式名 ${schema} 不合法（小写字母、数字、下划线）。`);
  if (schema) {
    const admin = await openStore({ databaseUrl: url, poolSize: 1 });
    try {
      await admin.pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await admin.pool.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
    } finally {
      await admin.close();
    }
  }
  return openStore({ databaseUrl: url, poolSize: 2, queryTimeoutMs: 0, ...(schema ? { schema } : {}) });
}

/** Runs a tool's main: refusals print their Chinese message and exit with their code; anything else exits 1. */
export async function runTool(usage: string, main: () => Promise<number>): Promise<void> {
  let code: number;
  try {
    code = await main();
  } catch (err) {
    if (err instanceof TransferError) {
      console.error(`错误：${err.message}`);
      if (err.code === 'USAGE') console.error(usage);
      code = {
        USAGE: EXIT.usage,
        TARGET_NOT_EMPTY: EXIT.targetNotEmpty,
        SOURCE_LOCKED: EXIT.sourceLocked,
        SOURCE_MISSING: EXIT.usage,
        VERSION_MISMATCH: EXIT.version,
        SCHEMA_MISMATCH: EXIT.version,
        BAD_BACKUP: EXIT.usage,
      }[err.code];
    } else {
      const msg = (err as Error).message ?? String(err);
      console.error(`错误：操作失败，目标未提交任何数据（整个写入在一个事务中）。原因：${msg}`);
      code = EXIT.error;
    }
  }
  process.exitCode = code;
}
