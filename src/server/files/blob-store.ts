import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../http/errors.ts';
import { writeFileGuarded } from './guarded-write.ts';

/**
 * Content-addressed evidence files (photos, scans, PDFs) under DATA_DIR/<area>/<sha256>.<ext>. A record names a
 * file by its SHA-256, so the file may be uploaded before or after the record and is stored once however many
 * records name it; reading is authorised by the module whose record names it, never here.
 */
export const BLOB_KINDS = {
  jpg: { type: 'image/jpeg', test: (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 },
  png: { type: 'image/png', test: (b: Buffer) => b.subarray(0, 4).toString('latin1') === '\x89PNG' },
  pdf: { type: 'application/pdf', test: (b: Buffer) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
} as const;
export type BlobExt = keyof typeof BLOB_KINDS;
export const BLOB_CONTENT_TYPES = Object.values(BLOB_KINDS).map((k) => k.type);

export function blobDir(dataDir: string, area: string): string {
  const dir = path.resolve(dataDir, area);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Checks the bytes are an allowed kind and hash to `sha256`, then writes them once (atomically). */
export async function saveBlob(dir: string, sha256: string, body: Buffer, opts: { allowed: readonly BlobExt[]; maxBytes: number; what: string }): Promise<{ sha256: string; bytes: number; ext: BlobExt }> {
  if (!body.length || body.length > opts.maxBytes) throw new AppError('UNSUPPORTED_FILE', { reason: `${opts.what}须在 ${Math.round(opts.maxBytes / 1024 / 1024)} MB 以内` });
  const ext = opts.allowed.find((e) => BLOB_KINDS[e].test(body));
  if (!ext) throw new AppError('UNSUPPORTED_FILE', { reason: `${opts.what}须为 ${opts.allowed.map((e) => e.toUpperCase()).join(' / ')}` });
  const actual = crypto.createHash('sha256').update(body).digest('hex');
  if (actual !== sha256) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'sha256', message: `内容的 SHA-256 为 ${actual}，与地址中的不符` }] });
  const file = path.join(dir, `${sha256}.${ext}`);
  // A full disk (ENOSPC → 507 STORAGE_FULL) or a stalled one (503 STORAGE_SLOW) leaves no partial file behind.
  if (!fs.existsSync(file)) await writeFileGuarded(file, body);
  return { sha256, bytes: body.length, ext };
}

/** The stored file of a hash and its content type, if it has been uploaded. */
export function findBlob(dir: string, sha256: string, allowed: readonly BlobExt[] = ['jpg', 'png', 'pdf']): { file: string; type: string } | undefined {
  for (const ext of allowed) {
    const file = path.join(dir, `${sha256}.${ext}`);
    if (fs.existsSync(file)) return { file, type: BLOB_KINDS[ext].type };
  }
  return undefined;
}
