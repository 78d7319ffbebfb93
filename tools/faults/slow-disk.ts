/**
 * slow-disk: DATA_DIR (evidence files, import uploads) on a disk that is first slow, then stalled, then well again,
 * while the server runs (the store is a private PostgreSQL elsewhere). Verdict: slow writes only make uploads slower
 * (photo and import accepted, the import job finishes); stalled writes answer 503 STORAGE_SLOW after the write
 * deadline (FILE_WRITE_TIMEOUT_MS, 3 s here) instead of hanging, the server keeps answering other requests meanwhile,
 * no import job is left queued, no partial or temporary file remains once the stalled writes have returned, every
 * file stored before is intact, and uploads work again once the disk is.
 *
 * How the slowness is made, and its limits: there is no dm-delay or FUSE on these machines, so the server's file
 * writes go through a fault hook (src/server/files/guarded-write.ts): with LIFTSAFE_FAULT_DISK_DELAY_FILE set (only
 * by this scenario), each write of an upload (a 64 KB chunk of a photo, a request chunk of an import) first waits the
 * milliseconds that file holds. That is the application's view of a slow disk (each write() taking that long), but
 * it waits on a timer, not in a blocked libuv worker thread, so it does not show the thread-pool exhaustion a real
 * stalled disk causes (4 threads by default: more than 4 stalled writes would also delay other file I/O). The
 * database's own disk is not slowed (PostgreSQL's WAL and data files are outside the hook).
 */
import fs from 'node:fs';
import path from 'node:path';
import { api, log, privatePostgres, round, sleep, startApp, tempDir, waitFor, type App, type Result, type ScenarioOptions } from './lib.ts';
import { jpeg, postImport, putPhoto, registrySample, sha, walk } from './disk-full.ts';

const TIMEOUT_MS = 3000;
const SLOW_MS = 300;
const STALL_MS = 20_000;

const timed = async <T>(fn: () => Promise<T>): Promise<{ r: T; s: number }> => {
  const t = performance.now();
  const r = await fn();
  return { r, s: round((performance.now() - t) / 1000) };
};

export async function slowDisk(_o: ScenarioOptions): Promise<Result> {
  const dataDir = tempDir('slow');
  const ctlDir = tempDir('slowctl');
  const ctl = path.join(ctlDir, 'delay-ms');
  const setDelay = (ms: number) => fs.writeFileSync(ctl, String(ms));
  setDelay(0);
  const pg = await privatePostgres();
  let app: App | undefined;
  const problems: string[] = [];
  try {
    app = await startApp({ env: { DATABASE_URL: pg.url, DATA_DIR: dataDir, MQTT_ENABLED: 'false', FILE_WRITE_TIMEOUT_MS: String(TIMEOUT_MS), LIFTSAFE_FAULT_DISK_DELAY_FILE: ctl } });
    const a = app;
    const sample = fs.readFileSync(registrySample());
    const before = [jpeg(300_000), jpeg(500_000), jpeg(200_000)];
    for (const b of before) {
      const r = await putPhoto(a, b);
      if (r.status !== 200) throw new Error(`photo upload on a healthy disk failed: ${r.status} ${r.code}`);
    }
    const onDisk = (b: Buffer) => {
      const f = path.join(dataDir, 'photos', `${sha(b)}.jpg`);
      return fs.existsSync(f) && sha(fs.readFileSync(f)) === sha(b);
    };
    const jobOf = async (id: string) => (await api<{ status: string; imported: number; error: string | null }>(a, 'GET', `/api/imports/${id}`)).body;

    // Slow: every write waits SLOW_MS, well under the deadline.
    setDelay(SLOW_MS);
    log(`  disk slow: every write waits ${SLOW_MS} ms (deadline ${TIMEOUT_MS} ms per write)`);
    const slowBody = jpeg(400_000);
    const slowPhoto = await timed(() => putPhoto(a, slowBody));
    const slowImport = await timed(() => postImport(a, sample));
    let slowJob: { status: string; imported: number; error: string | null } | undefined;
    if (slowImport.r.id) await waitFor('the import accepted on the slow disk to finish', 300_000, async () => ((slowJob = await jobOf(slowImport.r.id!)), slowJob.status === 'done' || slowJob.status === 'failed'), 250).catch(() => {});
    if (slowPhoto.r.status !== 200 || !onDisk(slowBody)) problems.push(`photo upload on the slow disk: ${slowPhoto.r.status} ${slowPhoto.r.code ?? ''}`);
    if (slowImport.r.status !== 202) problems.push(`import upload on the slow disk: ${slowImport.r.status} ${slowImport.r.code ?? ''}`);
    else if (slowJob?.status !== 'done') problems.push(`import on the slow disk ended ${slowJob?.status}: ${slowJob?.error}`);
    log(`  slow disk: photo ${slowPhoto.r.status} in ${slowPhoto.s} s, import upload ${slowImport.r.status} in ${slowImport.s} s, job ${slowJob?.status}`);

    // Stalled: every write waits STALL_MS, far past the deadline.
    const filesBefore = new Set(walk(dataDir));
    setDelay(STALL_MS);
    log(`  disk stalled: every write waits ${STALL_MS / 1000} s`);
    const stalledBody = jpeg(400_000);
    const [stallPhoto, stallImport, during] = await Promise.all([
      timed(() => putPhoto(a, stalledBody)),
      timed(() => postImport(a, sample)),
      // While uploads are stuck on the disk, the server answers everything else.
      (async () => {
        await sleep(500);
        return timed(async () => (await api(a, 'GET', '/api/imports', undefined, 10_000)).status);
      })(),
    ]);
    log(`  stalled disk: photo ${stallPhoto.r.status} ${stallPhoto.r.code ?? ''} after ${stallPhoto.s} s, import ${stallImport.r.status} ${stallImport.r.code ?? ''} after ${stallImport.s} s; GET /api/imports meanwhile ${during.r} in ${during.s} s`);
    const alive = a.proc.exitCode === null && a.proc.signalCode === null;
    if (!alive) problems.push(`the server died: ${a.output().slice(-1500)}`);
    if (stallPhoto.r.status !== 503 || stallPhoto.r.code !== 'STORAGE_SLOW') problems.push(`photo upload on a stalled disk answered ${stallPhoto.r.status} ${stallPhoto.r.code}`);
    if (stallImport.r.status !== 503 || stallImport.r.code !== 'STORAGE_SLOW') problems.push(`import upload on a stalled disk answered ${stallImport.r.status} ${stallImport.r.code}`);
    if (during.r !== 200) problems.push(`GET /api/imports during the stall answered ${during.r}`);
    const queued = alive
      ? (await api<{ items: { status: string }[] }>(a, 'GET', '/api/imports', undefined, 15_000)).body.items.filter((j) => j.status === 'queued' || j.status === 'running').length
      : -1;
    if (queued > 0) problems.push(`${queued} import job(s) left queued/running`);

    // The disk recovers; the writes that were stalled return, and their files must go.
    setDelay(0);
    const leftovers = () => walk(dataDir).filter((f) => !filesBefore.has(f));
    const cleanS = await waitFor('the stalled writes to return and their files to be removed', STALL_MS + 30_000, () => leftovers().length === 0, 250)
      .then((ms) => round(ms / 1000))
      .catch(() => NaN);
    const left = leftovers();
    if (left.length) problems.push(`partial or temporary files left: ${left.map((f) => path.relative(dataDir, f)).join(', ')}`);
    if (fs.existsSync(path.join(dataDir, 'photos', `${sha(stalledBody)}.jpg`))) problems.push('the refused photo exists under its final name');
    const intact = [...before, slowBody].filter(onDisk).length;
    if (intact !== before.length + 1) problems.push(`${before.length + 1 - intact} of ${before.length + 1} stored photos unreadable or changed`);

    const afterBody = jpeg(400_000);
    const photoAfter = await putPhoto(a, afterBody);
    const importAfter = await postImport(a, sample);
    if (photoAfter.status !== 200 || !onDisk(afterBody)) problems.push(`photo upload after the disk recovered: ${photoAfter.status}`);
    if (importAfter.status !== 202) problems.push(`import upload after the disk recovered: ${importAfter.status}`);
    return {
      name: 'slow-disk',
      pass: problems.length === 0,
      figures: {
        'write deadline (FILE_WRITE_TIMEOUT_MS)': `${TIMEOUT_MS} ms`,
        [`slow disk (${SLOW_MS} ms a write): photo 400 KB`]: `${slowPhoto.r.status} in ${slowPhoto.s} s`,
        [`slow disk: import upload ${Math.round(sample.length / 1024)} KB → job`]: `${slowImport.r.status} in ${slowImport.s} s → ${slowJob?.status ?? '-'} (${slowJob?.imported ?? 0} imported)`,
        [`stalled disk (${STALL_MS / 1000} s a write): photo upload`]: `${stallPhoto.r.status} ${stallPhoto.r.code ?? ''} after ${stallPhoto.s} s`,
        'stalled disk: import upload': `${stallImport.r.status} ${stallImport.r.code ?? ''} after ${stallImport.s} s`,
        'stalled disk: GET /api/imports meanwhile': `${during.r} in ${during.s} s`,
        'server alive': alive ? 'yes' : 'NO',
        'import jobs left queued/running': queued,
        'seconds until the stalled writes returned and their files were gone': cleanS,
        'partial or temporary files left': left.length,
        'photos stored before, intact after': `${intact} of ${before.length + 1}`,
        'photo / import upload after the disk recovered': `${photoAfter.status} / ${importAfter.status}`,
      },
      lost: problems.length ? problems.join('; ') : 'nothing (the refused uploads were refused, not half-stored)',
      notes: ['slowness is a fault hook in the server\'s file writes (LIFTSAFE_FAULT_DISK_DELAY_FILE), not a slowed block device: it waits on a timer rather than in a blocked I/O thread, and the database\'s disk is not slowed'],
    };
  } finally {
    await app?.kill9();
    pg.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(ctlDir, { recursive: true, force: true });
  }
}
