import { Alert, App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { addObjection, addonOrgs, applySubsidy, decideSubsidy, registerElevator, reviewProject, takeStep } from '../../api/addon.api.ts';
import type { AddonAction, AddonProject } from '../../api/addon.types.ts';
import type { ApiError } from '../../api/http.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import { dayjs } from '../../components/format.ts';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { equalShares } from './addon-logic.ts';

/** Actions taken with one click; the others open a form. */
const DIRECT: AddonAction[] = ['confirmConsent', 'submit', 'startConstruction', 'enrol'];
const ROLE: Record<AddonAction, 'addon.manage' | 'addon.approve' | 'registry.write'> = {
  confirmConsent: 'addon.manage', signAgreement: 'addon.manage', completeDesign: 'addon.manage', startNotice: 'addon.manage', submit: 'addon.manage', approve: 'addon.approve', reject: 'addon.approve',
  startConstruction: 'addon.manage', accept: 'addon.manage', register: 'registry.write', recordContract: 'addon.manage', enrol: 'addon.manage', cancel: 'addon.manage',
};
type FormKind = AddonAction | 'objection' | 'subsidyReject';
const day = (d: Dayjs) => d.format('YYYY-MM-DD');

/** The buttons for the actions the project allows and the caller may take, and their forms. */
export function ProjectActions({ p, onChange }: { p: AddonProject; onChange: (p: AddonProject) => void }) {
  const { message } = App.useApp();
  const { can } = useSession();
  const [open, setOpen] = useState<FormKind>();
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<AddonProject>) => {
    setBusy(true);
    try {
      onChange(await fn());
      setOpen(undefined);
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  const noticeStarted = !!p.notice.startsOn;
  const actions = p.actions.filter((a) => can(ROLE[a]) && !(a === 'startNotice' && noticeStarted) && !(a === 'submit' && !noticeStarted));
  const registered = ['registered', 'contracted', 'in_service'].includes(p.status);
  const buttons = [
    ...actions.map((a) => (
      <Button key={a} type={a === 'cancel' || a === 'reject' ? 'default' : 'primary'} danger={a === 'cancel'} loading={busy && DIRECT.includes(a)} onClick={() => (DIRECT.includes(a) ? run(() => takeStep(p.id, { action: a } as never)) : setOpen(a))}>
        {t(`web.addon.action.${a}`)}
      </Button>
    )),
    ...(p.status === 'notice' && noticeStarted && can('addon.manage') ? [<Button key="objection" onClick={() => setOpen('objection')}>{t('web.addon.objection.add')}</Button>] : []),
    ...(registered && can('addon.manage') && (p.subsidy.status === 'none' || p.subsidy.status === 'rejected') ? [<Button key="apply" onClick={() => run(() => applySubsidy(p.id))}>{t('web.addon.subsidy.apply')}</Button>] : []),
    ...(can('renovation.approve') && p.subsidy.status === 'applied'
      ? [<Button key="sa" type="primary" onClick={() => run(() => decideSubsidy(p.id, { action: 'approve' }))}>{t('web.addon.subsidy.approve')}</Button>, <Button key="sr" onClick={() => setOpen('subsidyReject')}>{t('web.addon.subsidy.reject')}</Button>]
      : []),
    ...(can('renovation.approve') && p.subsidy.status === 'approved' ? [<Button key="sd" type="primary" onClick={() => run(() => decideSubsidy(p.id, { action: 'disburse' }))}>{t('web.addon.subsidy.disburse')}</Button>] : []),
  ];
  return (
    <>
      <Space wrap data-testid="addon-actions">{buttons.length ? buttons : null}</Space>
      {open === 'signAgreement' && <AgreementModal p={p} onClose={() => setOpen(undefined)} onDone={onChange} />}
      {open && open !== 'signAgreement' && <ActionModal p={p} form={open} onClose={() => setOpen(undefined)} onDone={(np) => { setOpen(undefined); onChange(np); }} />}
    </>
  );
}

type Values = Record<string, unknown> & { date?: Dayjs; period?: [Dayjs, Dayjs] };

function ActionModal({ p, form: kind, onClose, onDone }: { p: AddonProject; form: FormKind; onClose: () => void; onDone: (p: AddonProject) => void }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const companies = useAsync(() => (kind === 'recordContract' ? addonOrgs('maintenance', p.regionCode) : Promise.resolve({ items: [] })), [kind]);
  const req = (label: string) => [{ required: true, message: t('web.elevator.required', { label }) }];
  const item = (name: string, label: string, node: React.ReactNode, required = true) => (
    <Form.Item key={name} name={name} label={label} rules={required ? req(label) : []}>
      {node}
    </Form.Item>
  );
  const fields: Partial<Record<FormKind, React.ReactNode[]>> = {
    completeDesign: [
      item('designer', t('web.addon.form.designer'), <Input maxLength={100} />),
      item('manufacturerName', t('web.addon.form.manufacturerName'), <Input maxLength={100} />),
      item('model', t('web.addon.form.model'), <Input maxLength={60} />),
      item('ratedLoad', t('web.addon.form.ratedLoad'), <InputNumber min={100} max={5000} style={{ width: '100%' }} />),
      item('ratedSpeed', t('web.addon.form.ratedSpeed'), <InputNumber min={0.1} max={10} step={0.1} style={{ width: '100%' }} />),
      item('stops', t('web.addon.form.stops'), <InputNumber min={2} max={41} style={{ width: '100%' }} />),
    ],
    approve: [item('approvalNo', t('web.addon.form.approvalNo'), <Input maxLength={60} />, false)],
    reject: [item('note', t('web.addon.form.rejectNote'), <Input.TextArea rows={3} maxLength={1000} />)],
    accept: [item('date', t('web.addon.form.acceptedOn'), <DatePicker style={{ width: '100%' }} />)],
    startNotice: [item('date', t('web.addon.form.noticeStartsOn'), <DatePicker style={{ width: '100%' }} />)],
    register: [
      item('registrationCode', t('web.addon.form.registrationCode'), <Input maxLength={20} inputMode="numeric" />),
      item('rescueCode', t('web.addon.form.rescueCode'), <Input maxLength={7} inputMode="numeric" />),
      item('certificateNo', t('web.addon.form.certificateNo'), <Input maxLength={40} />, false),
    ],
    recordContract: [
      item('maintenanceOrgId', t('web.addon.form.maintenanceOrg'), <Select loading={companies.loading} options={(companies.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} />),
      item('period', t('web.addon.form.contractPeriod'), <DatePicker.RangePicker style={{ width: '100%' }} />),
      item('pricePerYear', t('web.addon.form.pricePerYear'), <InputNumber min={0} max={10_000_000} style={{ width: '100%' }} />),
    ],
    cancel: [item('reason', t('web.addon.form.cancelReason'), <Input.TextArea rows={3} maxLength={500} />)],
    objection: [item('objector', t('web.addon.objection.objector'), <Input maxLength={40} />), item('content', t('web.addon.objection.content'), <Input.TextArea rows={3} maxLength={1000} />)],
    subsidyReject: [item('note', t('web.addon.form.subsidyRejectNote'), <Input.TextArea rows={3} maxLength={1000} />)],
  };
  const call = (v: Values): Promise<AddonProject> => {
    switch (kind) {
      case 'approve':
      case 'reject':
        return reviewProject(p.id, { decision: kind, approvalNo: (v.approvalNo as string) || undefined, note: (v.note as string) || undefined });
      case 'register':
        return registerElevator(p.id, { registrationCode: String(v.registrationCode).trim(), rescueCode: String(v.rescueCode).trim(), certificateNo: (v.certificateNo as string) || undefined });
      case 'objection':
        return addObjection(p.id, { objector: String(v.objector).trim(), content: String(v.content).trim() });
      case 'subsidyReject':
        return decideSubsidy(p.id, { action: 'reject', note: String(v.note).trim() });
      case 'accept':
        return takeStep(p.id, { action: 'accept', acceptedOn: day(v.date!) });
      case 'startNotice':
        return takeStep(p.id, { action: 'startNotice', startsOn: day(v.date!) });
      case 'recordContract':
        return takeStep(p.id, { action: 'recordContract', maintenanceOrgId: v.maintenanceOrgId as number, startsOn: day(v.period![0]), endsOn: day(v.period![1]), pricePerYear: v.pricePerYear as number });
      default:
        return takeStep(p.id, { action: kind, ...v } as never);
    }
  };
  const submit = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      onDone(await call(v));
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err, kind === 'startNotice' ? { startsOn: 'date' } : { acceptedOn: 'date', startsOn: 'period', endsOn: 'period' });
      if (!err.fields.length || rest.length) setError([err.message, ...rest.map((f) => f.message)].join('：'));
    } finally {
      setBusy(false);
    }
  };
  const title = kind === 'objection' ? t('web.addon.objection.add') : kind === 'subsidyReject' ? t('web.addon.subsidy.reject') : t(`web.addon.action.${kind}`);
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={kind === 'completeDesign' ? { ratedLoad: 800, ratedSpeed: 1, stops: p.storeys + 1 } : kind === 'startNotice' || kind === 'accept' ? { date: dayjs() } : {}}>
        {fields[kind]}
      </Form>
    </Modal>
  );
}

/** 费用分摊协议: who signed and each one's share; the shares must add up to the total (checked here and on the server). */
function AgreementModal({ p, onClose, onDone }: { p: AddonProject; onClose: () => void; onDone: (p: AddonProject) => void }) {
  const [total, setTotal] = useState<number | null>(p.totalCost);
  const [rows, setRows] = useState(() => p.households.map((h) => ({ id: h.id, room: h.room, ownerName: h.ownerName, signed: true, share: 0 })));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const sum = rows.reduce((a, r) => a + Math.round(r.share * 100), 0) / 100;
  const split = () => {
    const signed = rows.filter((r) => r.signed);
    const shares = equalShares(total ?? 0, signed.length);
    setRows(rows.map((r) => ({ ...r, share: r.signed ? shares[signed.indexOf(r)]! : 0 })));
  };
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onDone(await takeStep(p.id, { action: 'signAgreement', totalCost: total ?? 0, shares: rows.map((r) => ({ householdId: r.id, share: r.share, signed: r.signed })) }));
      onClose();
    } catch (e) {
      const err = e as ApiError;
      setError([err.message, ...err.fields.map((f) => f.message)].join('：'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open width={720} title={t('web.addon.action.signAgreement')} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('web.addon.form.totalCost')}</span>
        <InputNumber aria-label={t('web.addon.form.totalCost')} min={0} max={100_000_000} value={total} onChange={setTotal} style={{ width: 180 }} />
        <Button onClick={split}>{t('web.addon.form.split')}</Button>
        <span data-testid="agreement-sum">{t('web.addon.form.sum', { sum })}</span>
      </Space>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ y: 360 }}
        dataSource={rows}
        columns={[
          { key: 'room', title: t('web.addon.household.room'), dataIndex: 'room', width: 80 },
          { key: 'owner', title: t('web.addon.household.owner'), dataIndex: 'ownerName' },
          { key: 'signed', title: t('web.addon.household.signed'), width: 90, render: (_: unknown, r) => <Checkbox aria-label={t('web.addon.form.signedOf', { room: r.room })} checked={r.signed} onChange={(e) => setRows(rows.map((x) => (x.id === r.id ? { ...x, signed: e.target.checked, share: e.target.checked ? x.share : 0 } : x)))} /> },
          { key: 'share', title: t('web.addon.household.share'), width: 160, render: (_: unknown, r) => <InputNumber size="small" min={0} value={r.share} disabled={!r.signed} onChange={(v) => setRows(rows.map((x) => (x.id === r.id ? { ...x, share: v ?? 0 } : x)))} /> },
        ]}
      />
    </Modal>
  );
}
