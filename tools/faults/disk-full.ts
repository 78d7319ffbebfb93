/**
 * disk-full: DATA_DIR (evidence files, import uploads) on a small tmpfs of its own, filled to the last byte while the
 * server runs (the store is a private PostgreSQL elsewhere). Verdict: a photo upload and a registry import upload on
 * the full disk fail with 507 STORAGE_FULL (no crash, no 500, no job left queued forever, no partial file left
 * behind), the server stays up, every file stored before is intact, and both work again once space is freed.
 *
 * Needs mount rights (root in a container that allows tmpfs); without them the scenario is reported skipped.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { api, log, privatePostgres, startApp, tempDir, type App, type Result, type ScenarioOptions } from './lib.ts';

export const jpeg = (bytes: number) => {
  const b = crypto.randomBytes(bytes);
  b[0] = 0xff;
  b[1] = 0xd8;
  return b;
};
export const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

export async function putPhoto(app: App, body: Buffer): Promise<{ status: number; code?: string }> {
  let r: Response;
  try {
    r = await fetch(`${app.base}/api/maintenance/photos/${sha(body)}`, { method: 'PUT', headers: { authorization: `Bearer ${app.token}`, 'content-type': 'image/jpeg' }, body: new Uint8Array(body), signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    return { status: 0, code: (err as Error).name === 'TimeoutError' ? 'no answer within 30 s (hang)' : `no answer: ${(err as Error).message}` };
  }
  const text = await r.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = text.slice(0, 80);
  }
  return { status: r.status, code };
}

export async function postImport(app: App, body: Buffer): Promise<{ status: number; code?: string; id?: string }> {
  let r: Response;
  try {
    r = await fetch(`${app.base}/api/elevators/import`, { method: 'POST', headers: { authorization: `Bearer ${app.token}`, 'content-type': 'text/csv' }, body: new Uint8Array(body), signal: AbortSignal.timeout(60_000) });
  } catch (err) {
    return { status: 0, code: (err as Error).name === 'TimeoutError' ? 'no answer within 60 s (hang)' : `no answer: ${(err as Error).message}` };
  }
  const j = (await r.json().catch(() => ({}))) as { importId?: string; error?: { code?: string } };
  return { status: r.status, code: j.error?.code, id: j.importId };
}

export const walk = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])) : []);

export async function diskFull(_o: ScenarioOptions): Promise<Result> {
  const mnt = tempDir('disk');
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mnt], { encoding: 'utf8' });
  if (m.status !== 0) {
    fs.rmSync(mnt, { recursive: true, force: true });
    return { name: 'disk-full', pass: false, skipped: `cannot mount a tmpfs here: ${m.stderr.trim()}`, figures: {}, lost: 'not tested' };
  }
  const pg = await privatePostgres();
  let app: App | undefined;
  const problems: string[] = [];
  try {
    app = await startApp({ env: { DATABASE_URL: pg.url, DATA_DIR: mnt, MQTT_ENABLED: 'false' } });
    // Files stored while there is room.
    const before = [jpeg(300_000), jpeg(500_000), jpeg(200_000)];
    for (const b of before) {
      const r = await putPhoto(app, b);
      if (r.status !== 200) throw new Error(`photo upload with room failed: ${r.status} ${r.code}`);
    }
    // Fill the disk to the last byte.
    const filler = path.join(mnt, 'filler');
    const fd = fs.openSync(filler, 'w');
    let filled = 0;
    try {
      for (;;) filled += fs.writeSync(fd, Buffer.alloc(64 * 1024));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    }
    for (;;) {
      try {
        filled += fs.writeSync(fd, Buffer.alloc(512));
      } catch {
        break;
      }
    }
    fs.closeSync(fd);
    log(`  DATA_DIR on an 8 MB tmpfs; 3 photos stored, then filled with ${Math.round(filled / 1024)} KB`);
    const filesBefore = new Set(walk(mnt));

    const photoFull = await putPhoto(app, jpeg(400_000));
    const importFull = await postImport(app, fs.readFileSync(registrySample()));
    log(`  on the full disk: photo upload ${photoFull.status} ${photoFull.code ?? ''}, import upload ${importFull.status} ${importFull.code ?? ''}`);
    const alive = app.proc.exitCode === null && app.proc.signalCode === null;
    const health = alive ? (await fetch(`${app.base}/api/health`).catch(() => undefined))?.status : undefined;
    const leftovers = walk(mnt).filter((f) => !filesBefore.has(f));
    const a = app;
    const queued = alive
      ? await api<{ items: { status: string }[] }>(a, 'GET', '/api/imports', undefined, 15_000)
          .then((r) => (r.body.items ?? []).filter((j) => j.status === 'queued' || j.status === 'running').length)
          .catch((err: Error) => (problems.push(`GET /api/imports after the refused upload: ${err.message}; server output: ${a.output().slice(-1500)}`), -1))
      : -1;
    if (!alive) problems.push(`the server died: ${app.output().slice(-1500)}`);
    if (photoFull.status !== 507 || photoFull.code !== 'STORAGE_FULL') problems.push(`photo upload on a full disk answered ${photoFull.status} ${photoFull.code}`);
    if (importFull.status !== 507 || importFull.code !== 'STORAGE_FULL') problems.push(`import upload on a full disk answered ${importFull.status} ${importFull.code}`);
    if (leftovers.length) problems.push(`partial files left on the full disk: ${leftovers.map((f) => path.relative(mnt, f)).join(', ')}`);
    if (queued > 0) problems.push(`${queued} import job(s) left queued/running`);

    fs.unlinkSync(filler);
    // Evidence files are read through the record that names them; here their bytes are checked where they are stored.
    const onDisk = (b: Buffer) => {
      const f = path.join(mnt, 'photos', `${sha(b)}.jpg`);
      return fs.existsSync(f) && sha(fs.readFileSync(f)) === sha(b);
    };
    const intact = before.filter(onDisk).length;
    if (intact !== before.length) problems.push(`${before.length - intact} of ${before.length} stored photos unreadable or changed`);
    const retryBody = jpeg(400_000);
    const photoAfter = alive ? await putPhoto(app, retryBody) : { status: 0 };
    const readBack = photoAfter.status === 200 && onDisk(retryBody);
    const importAfter = alive ? await postImport(app, fs.readFileSync(registrySample())) : { status: 0 };
    if (photoAfter.status !== 200 || !readBack) problems.push(`photo upload after freeing space: ${photoAfter.status}`);
    if (importAfter.status !== 202) problems.push(`import upload after freeing space: ${importAfter.status}`);
    return {
      name: 'disk-full',
      pass: problems.length === 0,
      figures: {
        'photo upload on the full disk': `${photoFull.status} ${photoFull.code ?? ''}`,
        'import upload on the full disk': `${importFull.status} ${importFull.code ?? ''}`,
        'server alive / health': `${alive ? 'yes' : 'NO'} / ${health ?? '-'}`,
        'partial files left behind': leftovers.length,
        'import jobs left queued/running': queued,
        'photos stored before, intact after': `${intact} of ${before.length}`,
        'photo upload after freeing space': `${photoAfter.status}${readBack ? ' (read back intact)' : ''}`,
        'import upload after freeing space': importAfter.status,
      },
      lost: problems.length ? problems.join('; ') : 'nothing (the refused uploads were refused, not half-stored)',
      notes: ['a slow disk is the slow-disk scenario; the database on a full disk is not part of this scenario'],
    };
  } finally {
    await app?.kill9();
    pg.destroy();
    spawnSync('umount', [mnt]);
    fs.rmSync(mnt, { recursive: true, force: true });
  }
}

/** A 3,000-row registry CSV (~1.3 MB, more than the full disk can take). */
export function registrySample(): string {
  const file = path.join(tempDirRoot(), 'liftsafe-faults-registry-3000.csv');
  if (!fs.existsSync(file)) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'tools/generate-registry-file.ts', '--rows', '3000', '--out', file, '--seed', '5'], { cwd: path.resolve(import.meta.dirname, '..', '..'), stdio: 'inherit' });
    if (r.status !== 0) throw new Error('generate-registry-file failed');
  }
  return file;
}
const tempDirRoot = () => os.tmpdir();
