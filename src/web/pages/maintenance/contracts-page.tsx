import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { fileContract, fileNotification, listContractGaps, listContracts } from '../../api/maintenance.api.ts';
import type { Contract, ContractGap } from '../../api/maintenance.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useRegions } from '../../components/use-reference.ts';
import { t } from '../../i18n.ts';

const money = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 2 });

/** `/maintenance/contracts` 维保合同: contracts with the price check (疑似低价), in-use elevators without one; companies file 告知性登记 and contracts. */
export default function MaintenanceContractsPage() {
  const { can } = useSession();
  const [tab, setTab] = useState('list');
  const [notifying, setNotifying] = useState(false);
  const [adding, setAdding] = useState(false);
  const [tick, setTick] = useState(0);
  const company = can('maintenance.record');
  return (
    <Card>
      <PageHeader
        title={t('web.maintenance.contracts.title')}
        extra={
          company ? (
            <Space>
              <Button onClick={() => setNotifying(true)}>{t('web.maintenance.contracts.notify')}</Button>
              <Button type="primary" onClick={() => setAdding(true)}>
                {t('web.maintenance.contracts.add')}
              </Button>
            </Space>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary">{t('web.maintenance.contracts.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'list', label: t('web.maintenance.contracts.tabList'), children: <ContractList tick={tick} /> },
          { key: 'gaps', label: t('web.maintenance.contracts.tabGaps'), children: <GapList /> },
        ]}
      />
      <NotifyModal open={notifying} onClose={() => setNotifying(false)} />
      <ContractModal
        open={adding}
        onClose={() => setAdding(false)}
        onDone={() => {
          setAdding(false);
          setTick((n) => n + 1);
        }}
      />
    </Card>
  );
}

function ContractList({ tick }: { tick: number }) {
  const [regionCode, setRegion] = useState<string>();
  const [registrationCode, setCode] = useState<string>();
  const [dumping, setDumping] = useState(false);
  const list = useAsync(() => listContracts({ regionCode, registrationCode, dumping: dumping || undefined }), [regionCode, registrationCode, dumping, tick]);
  const columns: TableColumnsType<Contract> = [
    { key: 'registrationCode', title: t('web.maintenance.field.registrationCode'), width: 200, render: (_: unknown, c) => <Link to={`/elevators/${c.registrationCode}`}>{c.registrationCode}</Link> },
    { key: 'company', title: t('web.maintenance.field.company'), ellipsis: true, render: (_: unknown, c) => c.company.name },
    { key: 'period', title: `${t('web.maintenance.field.startsOn')} – ${t('web.maintenance.field.endsOn')}`, width: 200, render: (_: unknown, c) => `${c.startsOn} – ${c.endsOn}` },
    { key: 'scope', title: t('web.maintenance.field.scope'), width: 90, render: (_: unknown, c) => (c.scope === 'full' || c.scope === 'standard' ? t(`web.maintenance.scope.${c.scope}`) : c.scope) },
    {
      key: 'price',
      title: t('web.maintenance.field.pricePerYear'),
      width: 150,
      align: 'right',
      render: (_: unknown, c) => (
        <Space size={4}>
          {c.priceCheck.belowRatio && <Tag color="red">{t('web.maintenance.contracts.dumping')}</Tag>}
          <span>{money(c.pricePerYear)}</span>
        </Space>
      ),
    },
    {
      key: 'median',
      title: t('web.maintenance.field.cityMedian'),
      width: 150,
      align: 'right',
      render: (_: unknown, c) => (c.priceCheck.cityMedian === null ? t('web.common.none') : t('web.maintenance.contracts.medianText', { median: money(c.priceCheck.cityMedian), n: c.priceCheck.sample })),
    },
    { key: 'active', title: t('web.maintenance.field.status'), width: 110, render: (_: unknown, c) => (c.active ? <Tag color="green">{t('web.maintenance.contracts.active')}</Tag> : <Tag>{t('web.maintenance.contracts.inactive')}</Tag>) },
  ];
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear style={{ width: 240 }} placeholder={t('web.maintenance.field.registrationCode')} onSearch={(v) => setCode(v.trim() || undefined)} />
        <RegionSelect value={regionCode} onChange={setRegion} />
        <Space>
          <Switch checked={dumping} onChange={setDumping} aria-label={t('web.maintenance.contracts.dumpingOnly')} />
          <span>{t('web.maintenance.contracts.dumpingOnly')}</span>
        </Space>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<Contract>
        data-testid="contract-table"
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        pagination={{ pageSize: 20, showTotal: (total) => t('web.common.total', { total }) }}
      />
    </>
  );
}

function GapList() {
  const [regionCode, setRegion] = useState<string>();
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const list = useAsync(() => listContractGaps({ regionCode, ...page }), [regionCode, page.page, page.pageSize]);
  const columns: TableColumnsType<ContractGap> = [
    { key: 'registrationCode', title: t('web.maintenance.field.registrationCode'), width: 200, render: (_: unknown, r) => <Link to={`/elevators/${r.registrationCode}`}>{r.registrationCode}</Link> },
    { key: 'address', title: t('web.maintenance.field.address'), dataIndex: 'address', ellipsis: true },
    { key: 'company', title: t('web.maintenance.field.company'), dataIndex: 'company', width: 260, ellipsis: true, render: (v: string | null) => v ?? t('web.common.none') },
  ];
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <RegionSelect value={regionCode} onChange={(v) => { setRegion(v); setPage((p) => ({ ...p, page: 1 })); }} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<ContractGap>
        data-testid="contract-gap-table"
        rowKey="registrationCode"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('web.common.total', { total }) }}
        onChange={(p) => setPage({ page: p.pageSize !== page.pageSize ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? page.pageSize })}
      />
    </>
  );
}

function NotifyModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const regions = useRegions();
  const [form] = Form.useForm<{ cityCode: string; licenceNo: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const cities = (regions ?? []).filter((r) => r.level === 2 && r.kind === 'gbt2260').map((r) => ({ value: r.code, label: r.name }));
  const submit = async (v: { cityCode: string; licenceNo: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await fileNotification({ cityCode: v.cityCode, licenceNo: v.licenceNo.trim() });
      message.success(t('web.maintenance.contracts.notified'));
      onClose();
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err);
      if (!err.fields.length || rest.length) setError([err.message, ...rest.map((f) => f.message)].join('：'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('web.maintenance.contracts.notifyTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="cityCode" label={t('web.maintenance.contracts.cityCode')} rules={[{ required: true, message: t('web.elevator.requiredSelect', { label: t('web.maintenance.contracts.cityCode') }) }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={cities} loading={!regions} />
        </Form.Item>
        <Form.Item name="licenceNo" label={t('web.maintenance.contracts.licenceNo')} rules={[{ required: true, whitespace: true, message: t('web.elevator.required', { label: t('web.maintenance.contracts.licenceNo') }) }]}>
          <Input maxLength={60} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ContractValues {
  registrationCode: string;
  period: [Dayjs, Dayjs];
  pricePerYear: number;
  scope: 'standard' | 'full';
}

function ContractModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<ContractValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (v: ContractValues) => {
    setBusy(true);
    setError(undefined);
    try {
      const c = await fileContract({ registrationCode: v.registrationCode.trim(), startsOn: v.period[0].format('YYYY-MM-DD'), endsOn: v.period[1].format('YYYY-MM-DD'), pricePerYear: v.pricePerYear, scope: v.scope });
      if (c.priceCheck.belowRatio) modal.warning({ title: t('web.maintenance.contracts.filedDumping', { median: money(c.priceCheck.cityMedian ?? 0) }) });
      else message.success(t('web.maintenance.contracts.filed'));
      onDone();
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err, { startsOn: 'period', endsOn: 'period' });
      if (!err.fields.length || rest.length) setError([err.message, ...rest.map((f) => f.message)].join('：'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('web.maintenance.contracts.addTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<ContractValues> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ scope: 'standard' }}>
        <Form.Item
          name="registrationCode"
          label={t('web.maintenance.field.registrationCode')}
          rules={[{ required: true, pattern: /^\d{20}$/, message: t('web.maintenance.visit.codeInvalid') }]}
        >
          <Input maxLength={20} inputMode="numeric" />
        </Form.Item>
        <Form.Item name="period" label={`${t('web.maintenance.field.startsOn')} – ${t('web.maintenance.field.endsOn')}`} rules={[{ required: true, message: t('web.elevator.requiredSelect', { label: t('web.maintenance.field.startsOn') }) }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="pricePerYear" label={t('web.maintenance.field.pricePerYear')} rules={[{ required: true, message: t('web.elevator.required', { label: t('web.maintenance.field.pricePerYear') }) }]}>
          <InputNumber min={0} max={10_000_000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="scope" label={t('web.maintenance.field.scope')}>
          <Radio.Group
            options={[
              { value: 'standard', label: t('web.maintenance.scope.standard') },
              { value: 'full', label: t('web.maintenance.scope.full') },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
