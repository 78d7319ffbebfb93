import { Alert, Button, Card, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { listAlarms } from '../../api/iot.api.ts';
import type { Alarm, AlarmQuery } from '../../api/iot.types.ts';
import { formatDateTimeSec } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { enumLabel, enumOptions, t } from '../../i18n.ts';
import { IotStreamProvider, useIotEvents } from '../iot/iot-stream.tsx';
import { AlarmStateTags, faultLabel, SeverityTag } from '../iot/iot-tags.tsx';
import { StreamBadge } from '../iot/stream-badge.tsx';
import { AlarmDrawer } from './alarm-drawer.tsx';
import { alarmSearchParams, PAGE_SIZES, parseAlarmQuery } from './alarms-query.ts';

/** `/alarms`: every alarm the user may see, filtered and paged (filters in the URL), kept live by the stream. */
export default function AlarmsPage() {
  return (
    <IotStreamProvider>
      <AlarmsView />
    </IotStreamProvider>
  );
}

function AlarmsView() {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseAlarmQuery(params), [params]);
  const openId = Number(params.get('id')) || undefined;
  const key = alarmSearchParams(query).toString();
  const list = useAsync(() => listAlarms(query), [key]);
  const [rows, setRows] = useState<Alarm[]>([]);
  const [code, setCode] = useState(query.registrationCode ?? '');
  const reloadSoon = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => setRows(list.data?.items ?? []), [list.data]);
  useEffect(() => setCode(query.registrationCode ?? ''), [query.registrationCode]);
  useEffect(() => () => clearTimeout(reloadSoon.current), []);

  useIotEvents((e) => {
    if (e.type !== 'alarm') return;
    const { alarm, action } = e.data;
    if (rows.some((r) => r.id === alarm.id)) setRows((rs) => rs.map((r) => (r.id === alarm.id ? alarm : r)));
    else if (action === 'opened' && query.page === 1) {
      clearTimeout(reloadSoon.current);
      reloadSoon.current = setTimeout(list.reload, 500);
    }
  });

  const go = (next: AlarmQuery, id?: number) => setParams(alarmSearchParams(next, id));
  const filter = (patch: Partial<AlarmQuery>) => go({ ...query, ...patch, page: 1 });
  const open = (id: number | undefined) => go(query, id);

  const columns: TableColumnsType<Alarm> = [
    { key: 'severity', title: t('web.alarms.severity'), dataIndex: 'severity', width: 80, render: (s: string) => <SeverityTag severity={s} /> },
    {
      key: 'type',
      title: t('web.alarms.type'),
      width: 150,
      render: (_: unknown, a) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => open(a.id)}>
          {faultLabel(a.type, a.vendorCode)}
        </Button>
      ),
    },
    // Who reported it: the terminal, or the platform's own rule (an inferred entrapment, a silent terminal).
    { key: 'source', title: t('web.alarms.source'), dataIndex: 'source', width: 90, render: (s: string) => enumLabel('alarmSource', s) },
    // The elevator and where it is, together: every address starts with 山东省, a narrow column showed only that.
    {
      key: 'elevator',
      title: t('web.alarms.elevator'),
      width: 300,
      render: (_: unknown, a) => (
        <div style={{ minWidth: 0 }}>
          <Link to={`/elevators/${a.registrationCode}`}>{a.registrationCode}</Link>
          <Typography.Text type="secondary" ellipsis={{ tooltip: a.address }} style={{ display: 'block', fontSize: 12 }}>
            {a.address}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'status',
      title: t('web.alarms.status'),
      width: 130,
      render: (_: unknown, a) => (
        <Space size={0} wrap>
          {a.status === 'active' && <Tag color="red">{enumLabel('alarmStatus', a.status)}</Tag>}
          <AlarmStateTags alarm={a} />
        </Space>
      ),
    },
    { key: 'occurrences', title: t('web.alarms.occurrences'), dataIndex: 'occurrences', width: 70, align: 'right' },
    { key: 'openedAt', title: t('web.alarms.openedAt'), dataIndex: 'openedAt', width: 170, render: formatDateTimeSec },
    { key: 'lastAt', title: t('web.alarms.lastAt'), dataIndex: 'lastAt', width: 170, render: formatDateTimeSec },
    { key: 'assignee', title: t('web.alarms.assignee'), width: 110, render: (_: unknown, a) => a.assignee?.name ?? '' },
    {
      key: 'actions',
      title: t('web.common.actions'),
      width: 70,
      fixed: 'right',
      render: (_: unknown, a) => (
        <Button type="link" size="small" onClick={() => open(a.id)}>
          {t('web.alarms.detail')}
        </Button>
      ),
    },
  ];

  const ackValue = query.acknowledged === undefined ? undefined : String(query.acknowledged);
  return (
    <Card>
      <PageHeader title={t('web.alarms.title')} extra={<StreamBadge />} />
      <Space wrap size={[8, 8]} style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          style={{ width: 280 }}
          placeholder={t('web.alarms.codePlaceholder')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          onSearch={(v) => filter({ registrationCode: v.trim() || undefined })}
          enterButton={t('web.common.search')}
        />
        <RegionSelect value={query.regionCode} onChange={(regionCode) => filter({ regionCode })} />
        <Select
          allowClear
          placeholder={t('web.alarms.status')}
          style={{ width: 120 }}
          value={query.status}
          options={enumOptions('alarmStatus')}
          onChange={(status?: 'active' | 'cleared') => filter({ status })}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('web.alarms.type')}
          style={{ width: 160 }}
          value={query.type}
          options={enumOptions('faultType')}
          onChange={(type?: string) => filter({ type })}
        />
        <Select
          allowClear
          placeholder={t('web.alarms.severity')}
          style={{ width: 110 }}
          value={query.severity}
          options={enumOptions('severity')}
          onChange={(severity?: string) => filter({ severity })}
        />
        <Select
          allowClear
          placeholder={t('web.alarms.acknowledged')}
          style={{ width: 110 }}
          value={ackValue}
          options={[
            { value: 'false', label: t('web.alarms.ackNo') },
            { value: 'true', label: t('web.alarms.ackYes') },
          ]}
          onChange={(v?: string) => filter({ acknowledged: v === undefined ? undefined : v === 'true' })}
        />
        <Button onClick={() => go({ page: 1, pageSize: query.pageSize })}>{t('web.common.reset')}</Button>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<Alarm>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={rows}
        scroll={{ x: 1340 }}
        onRow={(a) => ({ 'data-alarm-id': a.id }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.data?.total ?? 0,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          showTotal: (total) => t('web.common.total', { total }),
        }}
        onChange={(p) => go({ ...query, page: p.pageSize !== query.pageSize ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? query.pageSize })}
      />
      <AlarmDrawer
        alarmId={openId}
        onClose={() => open(undefined)}
        onChanged={(alarm) => setRows((rs) => rs.map((r) => (r.id === alarm.id ? alarm : r)))}
      />
    </Card>
  );
}
