import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

/** Times are stored in UTC and shown in China Standard Time, whatever the browser's zone. */
export const DISPLAY_TZ = 'Asia/Shanghai';

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(DISPLAY_TZ).format('YYYY-MM-DD HH:mm') : '';
}

/** Like formatDateTime, with seconds (live feeds, alarm timelines). */
export function formatDateTimeSec(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(DISPLAY_TZ).format('YYYY-MM-DD HH:mm:ss') : '';
}

/** A calendar date (YYYY-MM-DD) passes through; a timestamp becomes its Shanghai date. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : dayjs(value).tz(DISPLAY_TZ).format('YYYY-MM-DD');
}

export { dayjs };
