import { Tag } from 'antd';
import { enumLabel } from '../i18n.ts';

const COLORS: Record<string, string> = {
  IN_USE: 'green',
  STOPPED: 'orange',
  SCRAPPED: 'red',
  CANCELLED: 'default',
  UNREGISTERED: 'purple',
};

/** 在用 / 停用 / 报废 / 注销 / 未登记 as a coloured tag. */
export function StatusTag({ status }: { status: string }) {
  return <Tag color={COLORS[status] ?? 'default'}>{enumLabel('status', status)}</Tag>;
}
