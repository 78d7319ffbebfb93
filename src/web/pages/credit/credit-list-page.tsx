import { Alert, Card, Input, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { listCredit } from '../../api/credit.api.ts';
import type { CreditGrade, CreditListItem } from '../../api/credit.types.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { oneOfFromUrl } from '../../components/url-filters.ts';
import { enumLabel, enumOptions, t } from '../../i18n.ts';
import { GRADE_COLOR } from './credit-logic.ts';

const ORG_TYPES = ['use_unit', 'maintenance', 'inspection', 'manufacturer', 'installer'];

/** `/credit` 信用档案: organisations active in the regulator's region with a file, worst score first. */
export default function CreditListPage() {
  // A cockpit number opens this list already filtered (/credit?grade=D&regionCode=370100).
  const [params] = useSearchParams();
  const [regionCode, setRegion] = useState<string | undefined>(() => (/^\d{6}$/.test(params.get('regionCode') ?? '') ? params.get('regionCode')! : undefined));
  const [type, setType] = useState<string>();
  const [grade, setGrade] = useState<CreditGrade | undefined>(() => oneOfFromUrl(params, 'grade', ['A', 'B', 'C', 'D'] as const));
  const [q, setQ] = useState<string>();
  const [page, setPage] = useState(1);
  const data = useAsync(() => listCredit({ regionCode, type, grade, q, page, pageSize: 20 }), [regionCode, type, grade, q, page]);
  const columns: TableColumnsType<CreditListItem> = [
    { key: 'name', title: t('web.credit.list.name'), render: (_: unknown, r) => (r.creditCode ? <Link to={`/credit/orgs/${r.creditCode}`}>{r.name}</Link> : r.name) },
    { key: 'type', title: t('web.credit.list.type'), width: 120, render: (_: unknown, r) => enumLabel('orgType', r.type) },
    { key: 'score', title: t('web.credit.list.score'), width: 90, align: 'right', dataIndex: 'score' },
    { key: 'grade', title: t('web.credit.list.grade'), width: 70, render: (_: unknown, r) => <Tag color={GRADE_COLOR[r.grade]}>{r.grade}</Tag> },
    { key: 'events', title: t('web.credit.list.events'), width: 90, align: 'right', dataIndex: 'events' },
    { key: 'lastEventOn', title: t('web.credit.list.lastEventOn'), width: 120, dataIndex: 'lastEventOn' },
  ];
  const by = data.data?.byGrade;
  return (
    <Card>
      <PageHeader title={t('web.credit.list.title')} />
      <Typography.Paragraph type="secondary">{t('web.credit.list.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <RegionSelect value={regionCode} onChange={(v) => { setRegion(v); setPage(1); }} />
        <Select allowClear placeholder={t('web.credit.list.type')} style={{ width: 160 }} value={type} onChange={(v) => { setType(v); setPage(1); }}
          options={enumOptions('orgType').filter((o) => ORG_TYPES.includes(o.value))} />
        <Select allowClear placeholder={t('web.credit.list.grade')} style={{ width: 110 }} value={grade} onChange={(v) => { setGrade(v); setPage(1); }}
          options={(['A', 'B', 'C', 'D'] as const).map((g) => ({ value: g, label: g }))} />
        <Input.Search allowClear placeholder={t('web.credit.list.search')} style={{ width: 260 }} onSearch={(v) => { setQ(v || undefined); setPage(1); }} />
      </Space>
      {data.error && <Alert type="error" showIcon title={data.error.message} style={{ marginBottom: 12 }} />}
      {by && (
        <Space size={48} style={{ marginBottom: 12 }} data-testid="credit-by-grade">
          {(['A', 'B', 'C', 'D'] as const).map((g) => <Statistic key={g} title={t('web.credit.list.gradeCount', { grade: g })} value={by[g]} />)}
        </Space>
      )}
      <Table<CreditListItem> data-testid="credit-table" rowKey="orgId" size="small" loading={data.loading} columns={columns} dataSource={data.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: data.data?.total ?? 0, onChange: setPage, showSizeChanger: false }} />
    </Card>
  );
}
