import type { Annex, CatalogItem, Cycle, ItemResult, Place, RecordInput, RecordItem, RecordPhoto, Worker } from '../../api/maintenance.types.ts';
import { CYCLES } from '../../api/maintenance.types.ts';

/**
 * Pure helpers of the maintenance pages: category → annex, the items of a visit grouped by cycle, key items, the
 * draft of a visit in progress (kept in localStorage), the record built from it, and dates.
 */

/** Elevator category (特种设备目录) → TSG T5002 annex: 31xx, 3410, 3420 → A; 32xx → B; 3430 → C; 33xx → D. */
export function annexOf(category: string | null | undefined): Annex | null {
  if (!category || !/^\d{4}$/.test(category)) return null;
  if (category.startsWith('31') || category === '3410' || category === '3420') return 'A';
  if (category.startsWith('32')) return 'B';
  if (category === '3430') return 'C';
  if (category.startsWith('33')) return 'D';
  return null;
}

/** The catalogue items grouped by their own cycle, shortest cycle first (the catalogue is cumulative). */
export function groupByCycle(items: readonly CatalogItem[]): { cycle: Cycle; items: CatalogItem[] }[] {
  return CYCLES.map((cycle) => ({ cycle, items: items.filter((i) => i.cycle === cycle) })).filter((g) => g.items.length > 0);
}

/** 制动器 (the brake), escaped: Chinese text lives in the locales. */
const BRAKE = /\u5236\u52a8\u5668/;

/** Items that need a photo named to them: numeric ones and the brake (the server's KEY_ITEM_NO_PHOTO rule). */
export function isKeyItem(item: Pick<CatalogItem, 'judgeType' | 'name'>): boolean {
  return item.judgeType === 'NUMERIC' || BRAKE.test(item.name);
}

/** The limits of a numeric item as text: "0.5–2 mm", "≥ 10 N", "≤ 3 mm" or "". */
export function limitText(item: Pick<CatalogItem, 'min' | 'max' | 'unit'>): string {
  const unit = item.unit ? ` ${item.unit}` : '';
  if (item.min !== null && item.max !== null) return `${item.min}–${item.max}${unit}`;
  if (item.min !== null) return `≥ ${item.min}${unit}`;
  if (item.max !== null) return `≤ ${item.max}${unit}`;
  return '';
}

/** A measured value outside the item's limits (shown in red before submitting; the server flags it too). */
export function outOfLimits(item: Pick<CatalogItem, 'min' | 'max'>, value: number | null | undefined): boolean {
  if (value === null || value === undefined || Number.isNaN(value)) return false;
  return (item.min !== null && value < item.min) || (item.max !== null && value > item.max);
}

/** SHA-256 of the bytes as lowercase hex (Web Crypto: what the photo upload is named by). */
export async function sha256Hex(data: Blob | ArrayBuffer | Uint8Array): Promise<string> {
  const isBlob = typeof (data as Blob).slice === 'function' && typeof (data as Blob).type === 'string';
  const buf = isBlob ? await blobBytes(data as Blob) : (data as ArrayBuffer);
  // A copy in this realm's typed array (a Blob's buffer may come from another realm, e.g. jsdom's).
  const view = ArrayBuffer.isView(buf) ? buf : new Uint8Array(buf);
  const bytes = new Uint8Array(view.byteLength);
  bytes.set(new Uint8Array(view.buffer as ArrayBuffer, view.byteOffset, view.byteLength));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function blobBytes(blob: Blob): Promise<ArrayBuffer> {
  if (typeof blob.arrayBuffer === 'function') return blob.arrayBuffer();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blob);
  });
}

/** An ISO timestamp with the +08:00 offset (the API wants an explicit zone). */
export function isoShanghai(date: Date): string {
  const local = new Date(date.getTime() + 8 * 3600_000);
  return local.toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

/** Whole days from `date` (YYYY-MM-DD or ISO) to `today` (YYYY-MM-DD), Shanghai calendar. */
export function daysBetween(date: string, today: string): number {
  const day = date.length > 10 ? isoShanghai(new Date(date)).slice(0, 10) : date;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000);
}

/** Today in Shanghai as YYYY-MM-DD. */
export function todayShanghai(now = new Date()): string {
  return isoShanghai(now).slice(0, 10);
}

/** The month before `today`'s as YYYY-MM (the grades page opens on it). */
export function lastMonth(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

// ---- the visit in progress

export type VisitStage = 'pick' | 'working' | 'finished' | 'submitted';

export interface DraftPhoto extends RecordPhoto {
  /** Uploaded to PUT /api/maintenance/photos/:sha256. */
  uploaded: boolean;
  name: string;
}

export interface VisitDraft {
  registrationCode: string;
  cycle: Cycle;
  stage: VisitStage;
  startedAt?: string;
  endedAt?: string;
  startLocation?: Place;
  endLocation?: Place;
  /** How the position was taken: the phone's GPS, or typed (denied / unavailable). */
  startSource?: 'gps' | 'manual';
  endSource?: 'gps' | 'manual';
  results: Record<string, { result?: ItemResult; value?: number | null }>;
  photos: DraftPhoto[];
  workers: Worker[];
  parts: { name: string; quantity: number }[];
}

export const DRAFT_KEY = 'liftsafe.maintenance.visit';

export function newDraft(registrationCode: string, cycle: Cycle, worker?: Worker): VisitDraft {
  return { registrationCode, cycle, stage: 'pick', results: {}, photos: [], workers: worker ? [worker] : [], parts: [] };
}

export function loadDraft(storage: Pick<Storage, 'getItem'> = localStorage): VisitDraft | null {
  try {
    const raw = storage.getItem(DRAFT_KEY);
    if (!raw) return null;
    const d = JSON.parse(raw) as VisitDraft;
    if (!d || typeof d.registrationCode !== 'string' || !CYCLES.includes(d.cycle) || typeof d.results !== 'object') return null;
    return { ...d, photos: d.photos ?? [], workers: d.workers ?? [], parts: d.parts ?? [] };
  } catch {
    return null;
  }
}

export function saveDraft(draft: VisitDraft | null, storage: Pick<Storage, 'setItem' | 'removeItem'> = localStorage): void {
  if (draft) storage.setItem(DRAFT_KEY, JSON.stringify(draft));
  else storage.removeItem(DRAFT_KEY);
}

/** Items of the cycle without a result yet. */
export function pendingItems(items: readonly CatalogItem[], draft: Pick<VisitDraft, 'results'>): CatalogItem[] {
  return items.filter((i) => !draft.results[i.code]?.result);
}

/** The record from a finished draft: every answered item (numbers for numeric ones), workers and parts trimmed. */
export function recordFromDraft(draft: VisitDraft, items: readonly CatalogItem[]): RecordInput {
  if (!draft.startedAt || !draft.endedAt || !draft.startLocation || !draft.endLocation) throw new Error('visit not finished');
  const answered: RecordItem[] = [];
  for (const item of items) {
    const r = draft.results[item.code];
    if (!r?.result) continue;
    const entry: RecordItem = { code: item.code, result: r.result };
    if (item.judgeType === 'NUMERIC' && r.value !== undefined && r.value !== null && !Number.isNaN(r.value)) entry.value = r.value;
    answered.push(entry);
  }
  return {
    registrationCode: draft.registrationCode,
    cycle: draft.cycle,
    startedAt: draft.startedAt,
    endedAt: draft.endedAt,
    workers: draft.workers.map((w) => ({ name: w.name.trim(), certificateNo: w.certificateNo.trim() })).filter((w) => w.name && w.certificateNo),
    startLocation: draft.startLocation,
    endLocation: draft.endLocation,
    items: answered,
    photos: draft.photos.map((p) => ({ sha256: p.sha256, takenAt: p.takenAt, ...(p.itemCode ? { itemCode: p.itemCode } : {}) })),
    parts: draft.parts.map((p) => ({ name: p.name.trim(), quantity: Math.max(1, Math.round(p.quantity || 1)) })).filter((p) => p.name),
  };
}

/** Cycles with their due dates, in order (for the next-due list after submitting and on the elevator card). */
export function dueList(nextDue: Partial<Record<Cycle, string>> | undefined): { cycle: Cycle; date: string }[] {
  if (!nextDue) return [];
  return CYCLES.filter((c) => nextDue[c]).map((c) => ({ cycle: c, date: nextDue[c]! }));
}
