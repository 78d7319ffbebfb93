import { Tag } from 'antd';
import type { ProjectStatus, RenovationKind, SubsidyStatus } from '../../api/renovation.types.ts';
import { t } from '../../i18n.ts';

const STATUS_COLOR: Record<ProjectStatus, string> = {
  draft: 'default',
  decided: 'blue',
  funded: 'cyan',
  in_construction: 'orange',
  accepted: 'purple',
  registered: 'geekblue',
  closed: 'green',
  cancelled: 'default',
};
const SUBSIDY_COLOR: Record<SubsidyStatus, string> = { none: 'default', applied: 'gold', approved: 'blue', rejected: 'red', disbursed: 'green' };

export const KindTag = ({ kind }: { kind: RenovationKind }) => <Tag>{t(`web.renovation.kind.${kind}`)}</Tag>;
export const ProjectStatusTag = ({ status }: { status: ProjectStatus }) => <Tag color={STATUS_COLOR[status]}>{t(`web.renovation.status.${status}`)}</Tag>;
export const SubsidyTag = ({ status }: { status: SubsidyStatus }) => <Tag color={SUBSIDY_COLOR[status]}>{t(`web.renovation.subsidyStatus.${status}`)}</Tag>;
