import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { actOnClaim, fileClaim, linkableFor, listClaims, listPolicies } from '../../api/insurance.api.ts';
import type { Claim, ClaimAction, ClaimStatus } from '../../api/insurance.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { money } from './insurance-logic.ts';

const STATUSES: ClaimStatus[] = ['filed', 'accepted', 'approved', 'paid', 'rejected', 'withdrawn'];
const COLOR: Record<ClaimStatus, string> = { filed: 'orange', accepted: 'blue', approved: 'geekblue', paid: 'green', rejected: 'red', withdrawn: 'default' };

/** `/insurance/claims` 理赔: claims with what they are linked to (96333 incident, IoT alarm, repair) and their workflow. */
export default function InsuranceClaimsPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const [status, setStatus] = useState<string>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [filing, setFiling] = useState(false);
  const [acting, setActing] = useState<{ claim: Claim; action: ClaimAction }>();
  const list = useAsync(() => listClaims({ status, ...page }), [status, page.page, page.pageSize]);
  const act = (claim: Claim, action: ClaimAction) => (action === 'approve' || action === 'reject' ? setActing({ claim, action }) : actOnClaim(claim.id, { action }).then(list.reload, (e: ApiError) => message.error(e.message)));
  const links = (c: Claim) =>
    [
      c.incident && t('web.insurance.claims.incident', { id: c.incident.id, at: formatDateTime(c.incident.receivedAt) }),
      c.alarm && t('web.insurance.claims.alarm', { id: c.alarm.id, at: formatDateTime(c.alarm.openedAt) }),
      c.maintenanceRecord && t('web.insurance.claims.record', { id: c.maintenanceRecord.id, at: formatDateTime(c.maintenanceRecord.startedAt) }),
      c.hazard && t('web.insurance.claims.hazard', { id: c.hazard.id, text: c.hazard.description }),
    ].filter(Boolean).join('；') || t('web.common.none');
  const columns: TableColumnsType<Claim> = [
    { key: 'id', title: t('web.insurance.claims.no'), dataIndex: 'id', width: 70 },
    { key: 'policy', title: t('web.insurance.field.policyNo'), dataIndex: 'policyNo', width: 140 },
    { key: 'code', title: t('web.insurance.field.registrationCode'), width: 200, render: (_: unknown, c) => <Link to={`/elevators/${c.registrationCode}`}>{c.registrationCode}</Link> },
    { key: 'occurredOn', title: t('web.insurance.claims.occurredOn'), dataIndex: 'occurredOn', width: 110 },
    { key: 'description', title: t('web.insurance.claims.description'), dataIndex: 'description', ellipsis: true },
    { key: 'links', title: t('web.insurance.claims.links'), width: 260, render: (_: unknown, c) => links(c) },
    { key: 'amount', title: t('web.insurance.claims.amount'), width: 150, align: 'right', render: (_: unknown, c) => `${money(c.amountClaimed)}${c.amountPaid !== null ? ` / ${money(c.amountPaid)}` : ''}` },
    { key: 'status', title: t('web.insurance.field.status'), width: 90, render: (_: unknown, c) => <Tag color={COLOR[c.status]}>{t(`web.insurance.claimStatus.${c.status}`)}</Tag> },
    { key: 'actions', title: '', width: 200, render: (_: unknown, c) => <Space size={4} wrap>{c.actions.map((a) => <Button key={a} size="small" onClick={() => act(c, a)}>{t(`web.insurance.claimAction.${a}`)}</Button>)}</Space> },
  ];
  return (
    <Card>
      <PageHeader title={t('web.insurance.claims.title')} extra={can('insurance.manage') ? <Button type="primary" onClick={() => setFiling(true)}>{t('web.insurance.claims.file')}</Button> : null} />
      <Typography.Paragraph type="secondary">{t('web.insurance.claims.intro')}</Typography.Paragraph>
      <Select allowClear style={{ width: 140, marginBottom: 12 }} placeholder={t('web.insurance.field.status')} value={status} onChange={(v) => { setStatus(v); setPage((p) => ({ ...p, page: 1 })); }} options={STATUSES.map((s) => ({ value: s, label: t(`web.insurance.claimStatus.${s}`) }))} />
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<Claim>
        data-testid="insurance-claim-table"
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1500 }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showTotal: (total) => t('web.common.total', { total }) }}
        onChange={(p) => setPage({ page: p.current ?? 1, pageSize: p.pageSize ?? page.pageSize })}
      />
      {filing && <FileModal onClose={() => setFiling(false)} onDone={() => { setFiling(false); list.reload(); }} />}
      {acting && <DecideModal {...acting} onClose={() => setActing(undefined)} onDone={() => { setActing(undefined); list.reload(); }} />}
    </Card>
  );
}

function DecideModal({ claim, action, onClose, onDone }: { claim: Claim; action: ClaimAction; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<{ amountPaid?: number; note?: string }>();
  const [error, setError] = useState<string>();
  const submit = (v: { amountPaid?: number; note?: string }) =>
    actOnClaim(claim.id, { action, amountPaid: v.amountPaid, note: v.note?.trim() || undefined }).then(onDone, (e: ApiError) => {
      const rest = applyServerErrors(form, e);
      if (!e.fields.length || rest.length) setError(e.message);
    });
  return (
    <Modal open title={t(`web.insurance.claimAction.${action}`)} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ amountPaid: claim.amountClaimed }}>
        {action === 'approve' && <Form.Item name="amountPaid" label={t('web.insurance.claims.amountPaid')} rules={[{ required: true }]}><InputNumber min={0} max={claim.amountClaimed} style={{ width: '100%' }} /></Form.Item>}
        <Form.Item name="note" label={t('web.insurance.claims.note')} rules={action === 'reject' ? [{ required: true, whitespace: true }] : []}><Input.TextArea rows={3} maxLength={1000} /></Form.Item>
      </Form>
    </Modal>
  );
}

interface Values {
  policyId: number;
  occurredOn: Dayjs;
  description: string;
  amountClaimed: number;
  link?: string;
}

function FileModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string>();
  const policyId = Form.useWatch('policyId', form);
  const policies = useAsync(() => listPolicies({ state: 'in_force', pageSize: 200 }), []);
  const linkable = useAsync(() => (policyId ? linkableFor(policyId) : Promise.resolve(undefined)), [policyId]);
  const options = linkable.data
    ? [
        ...linkable.data.incidents.map((i) => ({ value: `incident:${i.id}`, label: t('web.insurance.claims.incident', { id: i.id, at: formatDateTime(i.receivedAt) }) })),
        ...linkable.data.alarms.map((a) => ({ value: `alarm:${a.id}`, label: t('web.insurance.claims.alarm', { id: a.id, at: formatDateTime(a.openedAt) }) })),
        ...linkable.data.maintenanceRecords.map((m) => ({ value: `record:${m.id}`, label: t('web.insurance.claims.record', { id: m.id, at: formatDateTime(m.startedAt) }) })),
        ...linkable.data.hazards.map((h) => ({ value: `hazard:${h.id}`, label: t('web.insurance.claims.hazard', { id: h.id, text: h.description }) })),
      ]
    : [];
  const submit = async (v: Values) => {
    setError(undefined);
    const [kind, id] = (v.link ?? ':').split(':');
    try {
      await fileClaim({ policyId: v.policyId, occurredOn: v.occurredOn.format('YYYY-MM-DD'), description: v.description.trim(), amountClaimed: v.amountClaimed, ...(kind === 'incident' ? { incidentId: Number(id) } : kind === 'alarm' ? { alarmId: Number(id) } : kind === 'record' ? { maintenanceRecordId: Number(id) } : kind === 'hazard' ? { hazardId: Number(id) } : {}) });
      onDone();
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err, { incidentId: 'link', alarmId: 'link', maintenanceRecordId: 'link', hazardId: 'link' });
      if (!err.fields.length || rest.length) setError([err.message, ...rest.map((f) => f.message)].join('：'));
    }
  };
  const req = (label: string) => [{ required: true, message: t('web.elevator.required', { label }) }];
  return (
    <Modal open title={t('web.insurance.claims.file')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="policyId" label={t('web.insurance.field.policyNo')} rules={req(t('web.insurance.field.policyNo'))}>
          <Select showSearch={{ optionFilterProp: 'label' }} loading={policies.loading} options={(policies.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.policyNo} ${p.address}` }))} />
        </Form.Item>
        <Form.Item name="occurredOn" label={t('web.insurance.claims.occurredOn')} rules={req(t('web.insurance.claims.occurredOn'))}><DatePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="link" label={t('web.insurance.claims.links')}><Select allowClear loading={linkable.loading} options={options} /></Form.Item>
        <Form.Item name="description" label={t('web.insurance.claims.description')} rules={req(t('web.insurance.claims.description'))}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
        <Form.Item name="amountClaimed" label={t('web.insurance.claims.amount')} rules={req(t('web.insurance.claims.amount'))}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item>
      </Form>
    </Modal>
  );
}
