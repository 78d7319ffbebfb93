import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Grid, Input, List, Segmented, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { getHazardSummary, listHazards } from '../../api/hazards.api.ts';
import type { Hazard, HazardSeverity, HazardSource, HazardStatus, Remedy } from '../../api/hazards.types.ts';
import { HAZARD_SOURCES, HAZARD_STATUSES, REMEDIES, SEVERITIES } from '../../api/hazards.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { DeadlineCell, HazardStatusTag, RemedyTag, remedyLabel, SeverityTag, severityLabel, SourceTag, sourceLabel, statusLabel, SummaryStrip } from './hazard-bits.tsx';
import { HazardDrawer } from './hazard-drawer.tsx';
import { filtersFromParams, HAZARD_VIEWS, paramsFromFilters, queryOf, type HazardFilters, type HazardView } from './hazards-logic.ts';
import { RaiseHazardModal } from './raise-hazard-modal.tsx';

/**
 * `/hazards` 隐患整治: hazards from every source in scope, filters in the URL (so a link or a reload keeps them), the
 * summary by source, a drawer per hazard (`?id=`) with its timeline and the steps the user may take, and 登记隐患 for
 * regulators (`?raise=<注册代码>` opens it for an elevator). On a phone the list is a column of cards.
 */
export default function HazardsPage() {
  const { can } = useSession();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const [codeText, setCodeText] = useState(filters.registrationCode ?? '');
  useEffect(() => setCodeText(filters.registrationCode ?? ''), [filters.registrationCode]);
  const [tick, setTick] = useState(0);
  const query = queryOf(filters);
  const list = useAsync(() => listHazards(query), [JSON.stringify(query), tick]);
  const summary = useAsync(() => getHazardSummary(filters.regionCode), [filters.regionCode, tick]);
  const openId = Number(params.get('id')) || undefined;
  const raising = params.has('raise');

  const update = (patch: Partial<HazardFilters>) => setParams(paramsFromFilters({ ...filters, page: 1, ...patch }, params), { replace: true });
  const setParam = (key: string, value?: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: !value });
  };
  const refresh = () => setTick((n) => n + 1);

  const columns: TableColumnsType<Hazard> = [
    {
      key: 'elevator',
      title: t('web.hazards.field.registrationCode'),
      width: 220,
      render: (_: unknown, h) => (
        <div>
          <Link to={`/elevators/${h.registrationCode}`}>{h.registrationCode}</Link>
          <Typography.Text type="secondary" ellipsis={{ tooltip: h.address }} style={{ display: 'block', fontSize: 12, maxWidth: 220 }}>
            {h.address}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'item',
      title: t('web.hazards.field.item'),
      render: (_: unknown, h) => (
        <div>
          <Space size={4}>
            <SeverityTag severity={h.severity} />
            <Typography.Text strong>{h.item}</Typography.Text>
          </Space>
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: h.description }} style={{ fontSize: 12, margin: 0 }}>
            {h.description}
          </Typography.Paragraph>
        </div>
      ),
    },
    {
      key: 'source',
      title: t('web.hazards.field.source'),
      width: 150,
      render: (_: unknown, h) => (
        <div>
          <SourceTag source={h.source} />
          {h.reportNo && <div style={{ fontSize: 12 }}>{h.reportNo}</div>}
        </div>
      ),
    },
    { key: 'remedy', title: t('web.hazards.field.remedy'), width: 90, render: (_: unknown, h) => <RemedyTag remedy={h.remedy} /> },
    { key: 'deadline', title: t('web.hazards.field.deadline'), width: 150, render: (_: unknown, h) => <DeadlineCell h={h} /> },
    { key: 'responsible', title: t('web.hazards.field.responsible'), width: 180, ellipsis: true, render: (_: unknown, h) => h.responsibleOrgName ?? t('web.common.none') },
    { key: 'status', title: t('web.hazards.field.status'), width: 110, render: (_: unknown, h) => <HazardStatusTag status={h.status} /> },
    {
      key: 'actions',
      title: t('web.common.actions'),
      width: 80,
      fixed: 'right',
      render: (_: unknown, h) => (
        <Button size="small" type="link" onClick={() => setParam('id', String(h.id))}>
          {t('web.hazards.detailButton')}
        </Button>
      ),
    },
  ];
  const pagination = {
    current: filters.page,
    pageSize: filters.pageSize,
    total: list.data?.total ?? 0,
    showSizeChanger: true,
    showTotal: (total: number) => t('web.common.total', { total }),
    onChange: (page: number, pageSize: number) => update({ page: pageSize !== filters.pageSize ? 1 : page, pageSize }),
  };

  return (
    <Card>
      <PageHeader
        title={t('web.hazards.title')}
        extra={
          can('hazards.supervise') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => {
                const next = new URLSearchParams(params);
                next.set('raise', filters.registrationCode ?? '');
                setParams(next);
              }}>
              {t('web.hazards.raise.button')}
            </Button>
          )
        }
      />
      <Typography.Paragraph type="secondary">{t('web.hazards.intro')}</Typography.Paragraph>
      <SummaryStrip summary={summary.data} active={filters.source} onPick={(source) => update({ source })} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<HazardView> value={filters.view} options={HAZARD_VIEWS.map((v) => ({ value: v, label: t(`web.hazards.viewMode.${v}`) }))} onChange={(view) => update({ view })} />
        <Input.Search
          allowClear
          style={{ width: 240 }}
          placeholder={t('web.hazards.filter.code')}
          value={codeText}
          onChange={(e) => setCodeText(e.target.value)}
          onSearch={(v) => update({ registrationCode: v.trim() || undefined })}
        />
        <Select<HazardSource> allowClear style={{ width: 120 }} placeholder={t('web.hazards.filter.source')} value={filters.source} options={HAZARD_SOURCES.map((s) => ({ value: s, label: sourceLabel(s) }))} onChange={(source) => update({ source })} />
        <Select<HazardStatus> allowClear style={{ width: 130 }} placeholder={t('web.hazards.filter.status')} value={filters.status} options={HAZARD_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))} onChange={(status) => update({ status })} />
        <Select<HazardSeverity> allowClear style={{ width: 110 }} placeholder={t('web.hazards.filter.severity')} value={filters.severity} options={SEVERITIES.map((s) => ({ value: s, label: severityLabel(s) }))} onChange={(severity) => update({ severity })} />
        <Select<Remedy> allowClear style={{ width: 120 }} placeholder={t('web.hazards.filter.remedy')} value={filters.remedy} options={REMEDIES.map((r) => ({ value: r, label: remedyLabel(r) }))} onChange={(remedy) => update({ remedy })} />
        <RegionSelect value={filters.regionCode} onChange={(regionCode) => update({ regionCode })} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      {screens.md === false ? (
        <List<Hazard>
          data-testid="hazard-list"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{ ...pagination, showSizeChanger: false, size: 'small' }}
          renderItem={(h) => (
            <List.Item key={h.id} data-hazard-id={h.id} data-status={h.status} onClick={() => setParam('id', String(h.id))} style={{ cursor: 'pointer' }}>
              <List.Item.Meta
                title={
                  <Space size={4} wrap>
                    <SeverityTag severity={h.severity} />
                    <span>{h.item}</span>
                    <HazardStatusTag status={h.status} />
                  </Space>
                }
                description={
                  <>
                    <div>{h.address}</div>
                    <DeadlineCell h={h} />
                  </>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Table<Hazard>
          data-testid="hazard-table"
          rowKey="id"
          size="small"
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1200 }}
          onRow={(h) => ({ 'data-hazard-id': h.id, 'data-status': h.status, style: h.overdueDays > 0 ? { background: '#fff1f0' } : undefined }) as React.HTMLAttributes<HTMLElement>}
          pagination={pagination}
        />
      )}
      <HazardDrawer hazardId={openId} onClose={() => setParam('id')} onChanged={refresh} />
      <RaiseHazardModal
        open={raising}
        registrationCode={params.get('raise') || undefined}
        onClose={() => setParam('raise')}
        onDone={(h) => {
          const next = new URLSearchParams(params);
          next.delete('raise');
          next.set('id', String(h.id));
          setParams(next, { replace: true });
          refresh();
        }}
      />
    </Card>
  );
}
