import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { listRiskItems, saveRiskItem } from '../../api/manufacturers.api.ts';
import type { RiskItem, RiskStatus } from '../../api/manufacturers.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import { dayjs } from '../../components/format.ts';
import { OrgSelect } from '../../components/org-select.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { RISK_COLOR, RISK_STATUSES } from './manufacturers-logic.ts';

/** `/manufacturers/risks` 风险管控清单: a manufacturer's risk items per model (regulators read any manufacturer's). */
export default function RiskListPage() {
  const { can } = useSession();
  const manage = can('manufacturer.manage');
  const [org, setOrg] = useState<number>();
  const [status, setStatus] = useState<RiskStatus>();
  const [editing, setEditing] = useState<RiskItem | 'new'>();
  const list = useAsync(() => listRiskItems({ manufacturerOrgId: org, status }), [org, status]);
  const columns: TableColumnsType<RiskItem> = [
    ...(manage ? [] : [{ key: 'maker', title: t('web.manufacturers.field.manufacturer'), width: 180, render: (_: unknown, r: RiskItem) => r.manufacturer.name }]),
    { key: 'model', title: t('web.manufacturers.field.model'), dataIndex: 'model', width: 120 },
    { key: 'risk', title: t('web.manufacturers.field.risk'), dataIndex: 'risk' },
    { key: 'controls', title: t('web.manufacturers.field.controls'), dataIndex: 'controls' },
    { key: 'status', title: t('web.manufacturers.field.status'), width: 100, render: (_: unknown, r) => <Tag color={RISK_COLOR[r.status]}>{t(`web.manufacturers.riskStatus.${r.status}`)}</Tag> },
    { key: 'review', title: t('web.manufacturers.field.reviewOn'), width: 140, render: (_: unknown, r) => (r.reviewDue ? <Tag color="red">{r.reviewOn} {t('web.manufacturers.reviewDue')}</Tag> : r.reviewOn ?? '—') },
    ...(manage ? [{ key: 'act', title: '', width: 80, render: (_: unknown, r: RiskItem) => <Button size="small" onClick={() => setEditing(r)}>{t('web.manufacturers.edit')}</Button> }] : []),
  ];
  return (
    <Card>
      <PageHeader title={t('web.manufacturers.risks.title')} extra={manage ? <Button type="primary" onClick={() => setEditing('new')}>{t('web.manufacturers.risks.add')}</Button> : null} />
      <Typography.Paragraph type="secondary">{t('web.manufacturers.risks.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        {!manage && <OrgSelect style={{ width: 260 }} placeholder={t('web.manufacturers.field.manufacturer')} value={org} onChange={setOrg} />}
        <Select allowClear style={{ width: 140 }} placeholder={t('web.manufacturers.field.status')} value={status} onChange={setStatus} options={RISK_STATUSES.map((s) => ({ value: s, label: t(`web.manufacturers.riskStatus.${s}`) }))} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<RiskItem> data-testid="risk-table" rowKey="id" size="small" loading={list.loading} columns={columns} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20, showTotal: (total) => t('web.common.total', { total }) }} />
      {editing && <RiskModal item={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} onDone={() => { setEditing(undefined); list.reload(); }} />}
    </Card>
  );
}

interface Values {
  model: string;
  risk: string;
  controls: string;
  status: RiskStatus;
  reviewOn?: Dayjs;
}

function RiskModal({ item, onClose, onDone }: { item?: RiskItem; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string>();
  const submit = async (v: Values) => {
    try {
      await saveRiskItem({ model: v.model, risk: v.risk, controls: v.controls, status: v.status, reviewOn: v.reviewOn?.format('YYYY-MM-DD') }, item?.id);
      message.success(t('web.manufacturers.saved'));
      onDone();
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err);
      if (!err.fields.length || rest.length) setError([err.message, ...rest.map((f) => f.message)].join('：'));
    }
  };
  const req = (label: string) => [{ required: true, message: t('web.elevator.required', { label }) }];
  return (
    <Modal open title={item ? t('web.manufacturers.edit') : t('web.manufacturers.risks.add')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={item ? { ...item, reviewOn: item.reviewOn ? dayjs(item.reviewOn) : undefined } : { status: 'open' }}>
        <Form.Item name="model" label={t('web.manufacturers.field.model')} rules={req(t('web.manufacturers.field.model'))}><Input maxLength={60} /></Form.Item>
        <Form.Item name="risk" label={t('web.manufacturers.field.risk')} rules={req(t('web.manufacturers.field.risk'))}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        <Form.Item name="controls" label={t('web.manufacturers.field.controls')} rules={req(t('web.manufacturers.field.controls'))}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
        <Form.Item name="status" label={t('web.manufacturers.field.status')}><Select options={RISK_STATUSES.map((s) => ({ value: s, label: t(`web.manufacturers.riskStatus.${s}`) }))} /></Form.Item>
        <Form.Item name="reviewOn" label={t('web.manufacturers.field.reviewOn')}><DatePicker style={{ width: '100%' }} /></Form.Item>
      </Form>
    </Modal>
  );
}
