import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { listOverdue } from '../../api/inspection.api.ts';
import type { OverdueItem } from '../../api/inspection.types.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { enumLabel, enumOptions, t } from '../../i18n.ts';
import { OverdueDays } from './inspection-bits.tsx';
import { saveText, toCsv } from './report-form-values.ts';
import { oneOfFromUrl, regionFromUrl } from '../../components/url-filters.ts';

const EXPORT_PAGE = 500;
const EXPORT_MAX = 20_000;

/** `/inspection/overdue` 超期未检: in-use elevators past their due date, most overdue first; CSV export of the filtered list. */
export default function OverduePage() {
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [regionCode, setRegion] = useState<string | undefined>(() => regionFromUrl(params));
  const [type, setType] = useState<string | undefined>(() => oneOfFromUrl(params, 'type', ['periodic', 'self_test']));
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const [exporting, setExporting] = useState(false);
  const list = useAsync(() => listOverdue({ regionCode, type, ...page }), [regionCode, type, page.page, page.pageSize]);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const rows: OverdueItem[] = [];
      for (let p = 1; rows.length < EXPORT_MAX; p++) {
        const chunk = await listOverdue({ regionCode, type, page: p, pageSize: EXPORT_PAGE });
        rows.push(...chunk.items);
        if (chunk.items.length < EXPORT_PAGE || rows.length >= chunk.total) break;
      }
      const header = ['registrationCode', 'address', 'regionCode', 'useUnit', 'nextDueDate', 'nextType', 'overdueDays'].map((k) => t(`web.inspection.overdue.col.${k as 'address'}`));
      const csv = toCsv(header, rows.map((r) => [r.registrationCode, r.address, r.regionCode, r.useUnit, r.nextDueDate, enumLabel('dueType', r.nextType), r.overdueDays]));
      saveText(csv, `${t('web.inspection.overdue.fileName')}.csv`);
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<OverdueItem> = [
    { key: 'registrationCode', title: t('web.inspection.overdue.col.registrationCode'), width: 200, render: (_: unknown, r) => <Link to={`/elevators/${r.registrationCode}`}>{r.registrationCode}</Link> },
    { key: 'address', title: t('web.inspection.overdue.col.address'), dataIndex: 'address', ellipsis: true },
    { key: 'useUnit', title: t('web.inspection.overdue.col.useUnit'), dataIndex: 'useUnit', width: 240, ellipsis: true, render: (v: string | null) => v ?? t('web.common.none') },
    { key: 'nextDueDate', title: t('web.inspection.overdue.col.nextDueDate'), dataIndex: 'nextDueDate', width: 110 },
    { key: 'nextType', title: t('web.inspection.overdue.col.nextType'), width: 100, render: (_: unknown, r) => (r.nextType ? <Tag>{enumLabel('dueType', r.nextType)}</Tag> : null) },
    { key: 'overdueDays', title: t('web.inspection.overdue.col.overdueDays'), width: 110, align: 'right', render: (_: unknown, r) => <OverdueDays days={r.overdueDays} /> },
  ];
  const filter = (fn: () => void) => {
    fn();
    setPage((p) => ({ ...p, page: 1 }));
  };
  return (
    <Card>
      <PageHeader
        title={t('web.inspection.overdue.title')}
        extra={
          <Button icon={<DownloadOutlined />} loading={exporting} disabled={!list.data?.total} onClick={exportCsv}>
            {t('web.inspection.overdue.export')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('web.inspection.overdue.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <RegionSelect value={regionCode} onChange={(v) => filter(() => setRegion(v))} />
        <Select allowClear style={{ width: 140 }} placeholder={t('web.inspection.overdue.col.nextType')} value={type} options={enumOptions('dueType')} onChange={(v?: string) => filter(() => setType(v))} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<OverdueItem>
        data-testid="overdue-table"
        rowKey="registrationCode"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: ['50', '100', '200'], showTotal: (total) => t('web.common.total', { total }) }}
        onChange={(p) => setPage({ page: p.pageSize !== page.pageSize ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? page.pageSize })}
      />
    </Card>
  );
}
