import type { ComplaintCategory, ComplaintChannel, ComplaintClock, ComplaintQuery, ComplaintStatus, RewardStatus } from '../../api/complaints.types.ts';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_STATUSES } from '../../api/complaints.types.ts';
import { t } from '../../i18n.ts';

/**
 * Rules the complaint pages share, without antd (the public pages use them too): countdown texts, the checks the
 * server applies to the public form, and the list filters kept in the URL.
 */

/** A duration for people: 3 天 4 小时 / 5 小时 12 分 / 8 分钟 (seconds, sign ignored). */
export function duration(seconds: number): string {
  const s = Math.abs(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return t('web.complaints.countdown.days', { d, h });
  if (h > 0) return t('web.complaints.countdown.hours', { h, m });
  return t('web.complaints.countdown.minutes', { m: Math.max(m, s > 0 ? 1 : 0) });
}

export type Tone = 'ok' | 'soon' | 'late' | 'done' | 'doneLate';

/**
 * The text and tone of one countdown, `elapsed` seconds after the server computed it (the page ticks without asking
 * again). Under a day left is 'soon'.
 */
export function countdown(c: ComplaintClock, elapsed = 0, formatTime: (iso: string) => string = (iso) => iso): { text: string; tone: Tone } {
  if (c.doneAt) return c.overdue ? { text: t('web.complaints.countdown.doneLate', { time: formatTime(c.doneAt) }), tone: 'doneLate' } : { text: t('web.complaints.countdown.done', { time: formatTime(c.doneAt) }), tone: 'done' };
  const left = (c.secondsLeft ?? 0) - elapsed;
  if (left < 0) return { text: t('web.complaints.countdown.late', { time: duration(left) }), tone: 'late' };
  return { text: t('web.complaints.countdown.left', { time: duration(left) }), tone: left < 86_400 ? 'soon' : 'ok' };
}

/** The same rules as the server (complaints.schema.ts): a phone number or an e-mail address. */
export function isContact(v: string): boolean {
  const s = v.trim();
  return s === '' || /^[\d+\-\s()]{5,20}$/.test(s) || /^[^\s@]{1,40}@[^\s@]{1,40}\.[^\s@]{1,10}$/.test(s);
}

/** 10 characters of the tracking alphabet, dashes, spaces and case ignored. */
export function isTrackingCode(v: string): boolean {
  return /^[2-9A-HJKMNP-Z]{10}$/.test(v.toUpperCase().replace(/[\s-]/g, ''));
}

export function rewardText(reward: { status: RewardStatus; amount: number | null }): string {
  const amount = (reward.amount ?? 0).toLocaleString('zh-CN');
  if (reward.status === 'granted') return t('web.complaints.reward.granted', { amount });
  if (reward.status === 'refused') return t('web.complaints.reward.refused');
  if (reward.status === 'paid') return t('web.complaints.reward.paidShort', { amount });
  return t('web.complaints.reward.none');
}

export interface ComplaintFilters {
  status?: ComplaintStatus;
  category?: ComplaintCategory;
  channel?: ComplaintChannel;
  open?: boolean;
  overdue?: boolean;
  mine?: boolean;
  regionCode?: string;
  trackingCode?: string;
  page: number;
  pageSize: number;
}

const pick = <T extends string>(values: readonly T[], v: string | null): T | undefined => (v && (values as readonly string[]).includes(v) ? (v as T) : undefined);

export function filtersFromParams(p: URLSearchParams): ComplaintFilters {
  return {
    status: pick(COMPLAINT_STATUSES, p.get('status')),
    category: pick(COMPLAINT_CATEGORIES, p.get('category')),
    channel: pick(COMPLAINT_CHANNELS, p.get('channel')),
    open: p.get('open') === 'true' || undefined,
    overdue: p.get('overdue') === 'true' || undefined,
    mine: p.get('mine') === 'true' || undefined,
    regionCode: /^\d{2,6}$/.test(p.get('regionCode') ?? '') ? p.get('regionCode')! : undefined,
    trackingCode: p.get('trackingCode') || undefined,
    page: Math.max(1, Number(p.get('page')) || 1),
    pageSize: [10, 20, 50, 100].includes(Number(p.get('pageSize'))) ? Number(p.get('pageSize')) : 20,
  };
}

/** Filters into the URL, keeping other parameters (the open drawer's `id`). */
export function paramsFromFilters(f: ComplaintFilters, current: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(current);
  const set = (k: string, v: string | undefined) => (v ? next.set(k, v) : next.delete(k));
  set('status', f.status);
  set('category', f.category);
  set('channel', f.channel);
  set('open', f.open ? 'true' : undefined);
  set('overdue', f.overdue ? 'true' : undefined);
  set('mine', f.mine ? 'true' : undefined);
  set('regionCode', f.regionCode);
  set('trackingCode', f.trackingCode);
  set('page', f.page > 1 ? String(f.page) : undefined);
  set('pageSize', f.pageSize !== 20 ? String(f.pageSize) : undefined);
  return next;
}

export function queryOf(f: ComplaintFilters): ComplaintQuery {
  return { status: f.status, category: f.category, channel: f.channel, open: f.open, overdue: f.overdue, mine: f.mine, regionCode: f.regionCode, trackingCode: f.trackingCode, page: f.page, pageSize: f.pageSize };
}
