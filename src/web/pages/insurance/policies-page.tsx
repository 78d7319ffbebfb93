import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { issuePolicy, listPolicies, listProducts } from '../../api/insurance.api.ts';
import type { Payer, Policy } from '../../api/insurance.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { money } from './insurance-logic.ts';

const PAYERS: Payer[] = ['use_unit', 'owners', 'maintenance_fund', 'insurer'];

/** `/insurance/policies` 保单: policies per elevator with premium, subsidy and payer; lapsed ones (ended, not renewed) flagged. */
export default function InsurancePoliciesPage() {
  const { can } = useSession();
  const [regionCode, setRegion] = useState<string>();
  const [registrationCode, setCode] = useState<string>();
  const [state, setState] = useState<string>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [issuing, setIssuing] = useState(false);
  const list = useAsync(() => listPolicies({ regionCode, registrationCode, state, ...page }), [regionCode, registrationCode, state, page.page, page.pageSize]);
  const reset = () => setPage((p) => ({ ...p, page: 1 }));
  const columns: TableColumnsType<Policy> = [
    { key: 'no', title: t('web.insurance.field.policyNo'), dataIndex: 'policyNo', width: 150 },
    { key: 'code', title: t('web.insurance.field.registrationCode'), width: 200, render: (_: unknown, p) => <Link to={`/elevators/${p.registrationCode}`}>{p.registrationCode}</Link> },
    { key: 'address', title: t('web.insurance.field.address'), dataIndex: 'address', ellipsis: true },
    { key: 'product', title: t('web.insurance.field.product'), width: 200, render: (_: unknown, p) => <Space size={4}><Tag color="blue">{t(`web.insurance.kind.${p.product.kind}`)}</Tag>{p.product.name}</Space> },
    { key: 'insurer', title: t('web.insurance.field.insurer'), width: 180, ellipsis: true, render: (_: unknown, p) => p.insurer.name },
    { key: 'period', title: t('web.insurance.field.period'), width: 200, render: (_: unknown, p) => `${p.startsOn} – ${p.endsOn}` },
    { key: 'premium', title: t('web.insurance.field.premium'), width: 110, align: 'right', render: (_: unknown, p) => money(p.premium) },
    { key: 'subsidy', title: t('web.insurance.field.subsidy'), width: 100, align: 'right', render: (_: unknown, p) => money(p.subsidy) },
    { key: 'payer', title: t('web.insurance.field.payer'), width: 110, render: (_: unknown, p) => t(`web.insurance.payer.${p.payer}`) },
    {
      key: 'state',
      title: t('web.insurance.field.status'),
      width: 100,
      render: (_: unknown, p) => (p.status === 'cancelled' ? <Tag>{t('web.insurance.state.cancelled')}</Tag> : p.lapsed ? <Tag color="red">{t('web.insurance.state.lapsed')}</Tag> : p.inForce ? <Tag color="green">{t('web.insurance.state.in_force')}</Tag> : <Tag>{t('web.insurance.state.ended')}</Tag>),
    },
  ];
  return (
    <Card>
      <PageHeader title={t('web.insurance.policies.title')} extra={can('insurance.manage') ? <Button type="primary" onClick={() => setIssuing(true)}>{t('web.insurance.policies.issue')}</Button> : null} />
      <Typography.Paragraph type="secondary">{t('web.insurance.policies.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear style={{ width: 240 }} placeholder={t('web.insurance.field.registrationCode')} onSearch={(v) => { setCode(v.trim() || undefined); reset(); }} />
        <RegionSelect value={regionCode} onChange={(v) => { setRegion(v); reset(); }} />
        <Select allowClear style={{ width: 140 }} placeholder={t('web.insurance.field.status')} value={state} onChange={(v) => { setState(v); reset(); }} options={(['in_force', 'lapsed', 'cancelled'] as const).map((s) => ({ value: s, label: t(`web.insurance.state.${s}`) }))} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<Policy>
        data-testid="insurance-policy-table"
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1600 }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('web.common.total', { total }) }}
        onChange={(p) => setPage({ page: p.pageSize !== page.pageSize ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? page.pageSize })}
      />
      {issuing && <IssueModal onClose={() => setIssuing(false)} onDone={() => { setIssuing(false); list.reload(); }} />}
    </Card>
  );
}

interface Values {
  policyNo: string;
  productId: number;
  registrationCode: string;
  period: [Dayjs, Dayjs];
  payer: Payer;
}

function IssueModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string>();
  const products = useAsync(() => listProducts(), []);
  const submit = async (v: Values) => {
    setError(undefined);
    try {
      const p = await issuePolicy({ policyNo: v.policyNo.trim(), productId: v.productId, registrationCode: v.registrationCode.trim(), startsOn: v.period[0].format('YYYY-MM-DD'), endsOn: v.period[1].format('YYYY-MM-DD'), payer: v.payer });
      modal.success({ title: t('web.insurance.policies.issued', { premium: money(p.premium), subsidy: money(p.subsidy) }) });
      onDone();
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err, { startsOn: 'period', endsOn: 'period' });
      if (!err.fields.length || rest.length) setError([err.message, ...rest.map((f) => f.message)].join('：'));
    }
  };
  const req = (label: string) => [{ required: true, message: t('web.elevator.required', { label }) }];
  return (
    <Modal open title={t('web.insurance.policies.issue')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ payer: 'use_unit' }}>
        <Form.Item name="policyNo" label={t('web.insurance.field.policyNo')} rules={req(t('web.insurance.field.policyNo'))}><Input maxLength={40} /></Form.Item>
        <Form.Item name="productId" label={t('web.insurance.field.product')} rules={req(t('web.insurance.field.product'))}>
          <Select loading={products.loading} options={(products.data?.items ?? []).filter((p) => p.active).map((p) => ({ value: p.id, label: `${p.name}（${t(`web.insurance.kind.${p.kind}`)}）` }))} />
        </Form.Item>
        <Form.Item name="registrationCode" label={t('web.insurance.field.registrationCode')} rules={[{ required: true, pattern: /^\d{20}$/, message: t('web.maintenance.visit.codeInvalid') }]}><Input maxLength={20} inputMode="numeric" /></Form.Item>
        <Form.Item name="period" label={t('web.insurance.field.period')} rules={req(t('web.insurance.field.period'))}><DatePicker.RangePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="payer" label={t('web.insurance.field.payer')}><Select options={PAYERS.map((p) => ({ value: p, label: t(`web.insurance.payer.${p}`) }))} /></Form.Item>
      </Form>
    </Modal>
  );
}
