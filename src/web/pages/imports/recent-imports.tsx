import { Button, Table, Tag, type TableColumnsType } from 'antd';
import type { ImportSummary } from '../../api/types.ts';
import { formatDateTime } from '../../components/format.ts';
import { enumLabel, t } from '../../i18n.ts';

const COLORS = { queued: 'default', running: 'processing', done: 'success', failed: 'error' } as const;

/** Recent import jobs; "查看" opens a job's result. */
export function RecentImports({ items, loading, onOpen }: { items: ImportSummary[]; loading: boolean; onOpen: (id: string) => void }) {
  const columns: TableColumnsType<ImportSummary> = [
    { key: 'fileName', title: t('web.imports.fileName'), dataIndex: 'fileName', ellipsis: true },
    {
      key: 'status',
      title: t('web.imports.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: ImportSummary['status']) => <Tag color={COLORS[s]}>{enumLabel('importStatus', s)}</Tag>,
    },
    { key: 'total', title: t('web.imports.summaryTotal'), dataIndex: 'total', width: 80 },
    { key: 'imported', title: t('web.imports.summaryImported'), dataIndex: 'imported', width: 80 },
    { key: 'updated', title: t('web.imports.summaryUpdated'), dataIndex: 'updated', width: 80 },
    { key: 'rejected', title: t('web.imports.summaryRejected'), dataIndex: 'rejectedCount', width: 80 },
    { key: 'warnings', title: t('web.imports.summaryWarnings'), dataIndex: 'warningCount', width: 80 },
    { key: 'createdAt', title: t('web.imports.createdAt'), dataIndex: 'createdAt', width: 150, render: formatDateTime },
    { key: 'finishedAt', title: t('web.imports.finishedAt'), dataIndex: 'finishedAt', width: 150, render: formatDateTime },
    {
      key: 'open',
      title: t('web.common.actions'),
      width: 80,
      render: (_: unknown, job) => (
        <Button type="link" size="small" onClick={() => onOpen(job.id)}>
          {t('web.imports.view')}
        </Button>
      ),
    },
  ];
  return <Table<ImportSummary> rowKey="id" size="small" loading={loading} columns={columns} dataSource={items} pagination={false} />;
}
