import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Input, Row, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { exportFaults, getFaultStats, listFaults } from '../../api/iot.api.ts';
import type { FaultRecord } from '../../api/iot.types.ts';
import { EChart } from '../../components/echart.tsx';
import { formatDateTimeSec } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { enumLabel, enumOptions, t } from '../../i18n.ts';
import { barOption } from '../dashboard/chart-options.ts';
import { faultLabel, SeverityTag } from '../iot/iot-tags.tsx';
import { defaultRange, faultFilters, fillDays, type FaultFilterState } from './fault-filters.ts';

/** Stats by type name a canonical type, a controller code without one, or `unknown`. */
const isType = (key: string) => key !== '' && key !== 'null' && key !== 'unknown';

/** `/faults` 故障数据: the fault history with filters, counts by type and by day, and CSV export. */
export default function FaultsPage() {
  const { message } = App.useApp();
  const [state, setState] = useState<FaultFilterState>(() => ({ range: defaultRange() }));
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [code, setCode] = useState('');
  const [exporting, setExporting] = useState(false);
  const filters = useMemo(() => faultFilters(state), [state]);
  const key = JSON.stringify(filters);
  const list = useAsync(() => listFaults({ ...filters, ...paging }), [key, paging.page, paging.pageSize]);
  const byType = useAsync(() => getFaultStats({ ...filters, groupBy: 'type' }), [key]);
  const byDay = useAsync(() => getFaultStats({ ...filters, groupBy: 'day' }), [key]);
  const unit = t('web.faults.unit');

  const patch = (p: Partial<FaultFilterState>) => {
    setState((s) => ({ ...s, ...p }));
    setPaging((p0) => ({ ...p0, page: 1 }));
  };

  const typeOption = useMemo(
    () => byType.data && barOption(byType.data.items.map((i) => ({ key: i.key, label: isType(i.key) ? faultLabel(i.key) : t('web.faults.unclassified'), count: i.count })), unit, '#cf1322'),
    [byType.data, unit],
  );
  const dayOption = useMemo(
    () => byDay.data && barOption(fillDays(byDay.data.items, state.range).map((i) => ({ key: i.key, label: i.key.slice(5, 10) || i.key, count: i.count })), unit, '#1677ff'),
    [byDay.data, state.range, unit],
  );

  const runExport = async () => {
    setExporting(true);
    try {
      await exportFaults(filters, t('web.faults.exportFileName'));
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<FaultRecord> = [
    { key: 'occurredAt', title: t('web.faults.occurredAt'), dataIndex: 'occurredAt', width: 170, render: formatDateTimeSec },
    { key: 'elevator', title: t('web.faults.elevator'), dataIndex: 'registrationCode', width: 200, render: (c: string) => <Link to={`/elevators/${c}`}>{c}</Link> },
    { key: 'address', title: t('web.faults.address'), dataIndex: 'address', ellipsis: true },
    { key: 'type', title: t('web.faults.type'), width: 140, render: (_: unknown, f) => faultLabel(f.type, f.vendorCode) },
    { key: 'vendorCode', title: t('web.faults.vendorCode'), dataIndex: 'vendorCode', width: 130, render: (c: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{c}</span> },
    {
      key: 'phase',
      title: t('web.faults.phase'),
      dataIndex: 'phase',
      width: 80,
      render: (p: string) => <Tag color={p === 'open' ? 'red' : 'green'}>{enumLabel('faultPhase', p)}</Tag>,
    },
    { key: 'severity', title: t('web.faults.severity'), dataIndex: 'severity', width: 80, render: (s: string | null) => <SeverityTag severity={s} /> },
    { key: 'source', title: t('web.faults.source'), dataIndex: 'source', width: 100, render: (s: string) => enumLabel('alarmSource', s) },
  ];

  const statsError = byType.error ?? byDay.error;
  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <PageHeader
          title={t('web.faults.title')}
          extra={
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void runExport()}>
              {t('web.faults.export')}
            </Button>
          }
        />
        <Space wrap size={[8, 8]}>
          <Input.Search
            allowClear
            style={{ width: 280 }}
            placeholder={t('web.faults.codePlaceholder')}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            onSearch={(v) => patch({ registrationCode: v.trim() || undefined })}
            enterButton={t('web.common.search')}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('web.faults.type')}
            style={{ width: 160 }}
            value={state.type}
            options={enumOptions('faultType')}
            onChange={(type?: string) => patch({ type })}
          />
          <DatePicker.RangePicker
            value={state.range}
            allowClear={false}
            onChange={(r) => r?.[0] && r[1] && patch({ range: [r[0], r[1]] as [Dayjs, Dayjs] })}
          />
          <Button
            onClick={() => {
              setCode('');
              patch({ registrationCode: undefined, type: undefined, range: defaultRange() });
            }}
          >
            {t('web.common.reset')}
          </Button>
        </Space>
      </Card>
      {statsError && <Alert type="error" showIcon title={statsError.message} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('web.faults.byType')}>
            {typeOption && <EChart option={typeOption} height={280} />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('web.faults.byDay')}>
            {dayOption && <EChart option={dayOption} height={280} />}
          </Card>
        </Col>
      </Row>
      <Card>
        {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
        <Table<FaultRecord>
          rowKey="id"
          size="middle"
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1140 }}
          pagination={{ current: paging.page, pageSize: paging.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('web.common.total', { total }) }}
          onChange={(p) => setPaging({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
        />
      </Card>
    </>
  );
}
