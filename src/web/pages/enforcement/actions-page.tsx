import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { actionStep, createAction, listActions } from '../../api/enforcement.api.ts';
import type { ActionKind, ActionStep, EnforcementAction } from '../../api/enforcement.types.ts';
import type { ApiError } from '../../api/http.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { offeredSteps } from './enforcement-logic.ts';

const KINDS: ActionKind[] = ['warning', 'interview', 'exposure', 'listed_supervision', 'penalty'];
const kindLabel = (k: string) => t(`web.enforcement.kind.${k}` as MessageKey);
const STATUS_COLOR = { open: 'processing', closed: 'success', revoked: 'default' } as const;

/** `/enforcement/actions` 执法措施: warnings, interviews, exposures, listed supervision, penalties; deadlines and steps. */
export default function ActionsPage() {
  const { message } = App.useApp();
  const { can } = useSession();
  const manage = can('enforcement.manage');
  const [status, setStatus] = useState<string>();
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const data = useAsync(() => listActions({ status, overdue: overdue || undefined, page, pageSize: 20 }), [status, overdue, page]);
  const [creating, setCreating] = useState(false);
  const [stepping, setStepping] = useState<{ action: EnforcementAction; step: ActionStep }>();
  const [form] = Form.useForm();
  const [stepForm] = Form.useForm<{ note: string }>();
  const kind = Form.useWatch('kind', form) as ActionKind | undefined;

  const submit = async (v: Record<string, unknown>) => {
    try {
      await createAction({
        kind: v.kind as ActionKind,
        targetCreditCode: String(v.targetCreditCode ?? '').trim(),
        reason: v.reason as string,
        legalBasis: v.legalBasis as string,
        deadline: v.deadline ? (v.deadline as { format(f: string): string }).format('YYYY-MM-DD') : undefined,
        penalty: v.kind === 'penalty' ? { amount: Number(v.amount ?? 0), decisionNo: String(v.decisionNo ?? '') } : undefined,
        publish: Boolean(v.publish),
      });
      setCreating(false);
      form.resetFields();
      data.reload();
    } catch (e) {
      applyServerErrors(form, e as ApiError, { 'penalty.decisionNo': 'decisionNo', 'penalty.amount': 'amount' });
      message.error((e as ApiError).message);
    }
  };
  const doStep = async (note: string) => {
    if (!stepping) return;
    try {
      await actionStep(stepping.action.id, stepping.step, note);
      setStepping(undefined);
      stepForm.resetFields();
      data.reload();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  const columns: TableColumnsType<EnforcementAction> = [
    { key: 'kind', title: t('web.enforcement.action.kind'), width: 100, render: (_: unknown, a) => <Tag color={a.kind === 'penalty' ? 'red' : 'orange'}>{kindLabel(a.kind)}</Tag> },
    { key: 'target', title: t('web.enforcement.action.target'), render: (_: unknown, a) => a.target.name },
    {
      key: 'reason',
      title: t('web.enforcement.action.reason'),
      render: (_: unknown, a) => (
        <Space orientation="vertical" size={0}>
          <span>{a.reason}</span>
          {a.penalty && <Typography.Text type="secondary">{t('web.enforcement.action.penaltyText', { decisionNo: a.penalty.decisionNo, amount: a.penalty.amount })}</Typography.Text>}
          {a.followUps.map((f) => <Typography.Text type="secondary" key={f.at}>{`${f.at.slice(0, 10)} ${f.by}：${f.note}`}</Typography.Text>)}
        </Space>
      ),
    },
    { key: 'deadline', title: t('web.enforcement.action.deadline'), width: 130, render: (_: unknown, a) => (a.deadline ? <Space>{a.deadline}{a.overdueDays > 0 && <Tag color="red">{t('web.enforcement.action.overdue', { days: a.overdueDays })}</Tag>}</Space> : '—') },
    { key: 'status', title: t('web.enforcement.action.status'), width: 90, render: (_: unknown, a) => <Tag color={STATUS_COLOR[a.status]}>{t(`web.enforcement.status.${a.status}` as MessageKey)}</Tag> },
    { key: 'published', title: t('web.enforcement.action.published'), width: 80, render: (_: unknown, a) => (a.published ? <Tag color="blue">{t('web.enforcement.action.isPublished')}</Tag> : null) },
    {
      key: 'steps',
      title: t('web.enforcement.action.steps'),
      width: 220,
      render: (_: unknown, a) =>
        manage && (
          <Space wrap size={4}>
            {offeredSteps(a).map((s) => (
              <Button key={s} size="small" onClick={() => (s === 'publish' ? actionStep(a.id, 'publish').then(data.reload, (e: ApiError) => message.error(e.message)) : setStepping({ action: a, step: s }))}>
                {t(`web.enforcement.step.${s}` as MessageKey)}
              </Button>
            ))}
          </Space>
        ),
    },
  ];

  return (
    <Card>
      <PageHeader title={t('web.enforcement.action.title')} extra={manage && <Button type="primary" onClick={() => setCreating(true)}>{t('web.enforcement.action.new')}</Button>} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={t('web.enforcement.action.status')} style={{ width: 140 }} value={status} onChange={(v) => { setStatus(v); setPage(1); }}
          options={(['open', 'closed', 'revoked'] as const).map((s) => ({ value: s, label: t(`web.enforcement.status.${s}`) }))} />
        <Space><Switch checked={overdue} onChange={(v) => { setOverdue(v); setPage(1); }} aria-label={t('web.enforcement.action.onlyOverdue')} />{t('web.enforcement.action.onlyOverdue')}</Space>
      </Space>
      {data.error && <Alert type="error" showIcon title={data.error.message} style={{ marginBottom: 12 }} />}
      <Table<EnforcementAction> data-testid="actions-table" rowKey="id" size="small" loading={data.loading} columns={columns} dataSource={data.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: data.data?.total ?? 0, onChange: setPage, showSizeChanger: false }} />
      <Modal title={t('web.enforcement.action.new')} open={creating} onCancel={() => setCreating(false)} onOk={() => form.submit()} destroyOnHidden width={560}>
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'warning', publish: false }}>
          <Form.Item name="kind" label={t('web.enforcement.action.kind')} rules={[{ required: true }]}>
            <Select options={KINDS.map((k) => ({ value: k, label: kindLabel(k) }))} />
          </Form.Item>
          <Form.Item name="targetCreditCode" label={t('web.enforcement.action.targetCode')} rules={[{ required: true }]}><Input maxLength={18} /></Form.Item>
          <Form.Item name="reason" label={t('web.enforcement.action.reason')} rules={[{ required: true }]}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="legalBasis" label={t('web.enforcement.action.legalBasis')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="deadline" label={t('web.enforcement.action.deadline')}><DatePicker /></Form.Item>
          {kind === 'penalty' && (
            <Space>
              <Form.Item name="decisionNo" label={t('web.enforcement.action.decisionNo')} rules={[{ required: true }]}><Input /></Form.Item>
              <Form.Item name="amount" label={t('web.enforcement.action.amount')} rules={[{ required: true }]}><InputNumber min={0} /></Form.Item>
            </Space>
          )}
          {kind !== 'interview' && <Form.Item name="publish" label={t('web.enforcement.action.publishNow')} valuePropName="checked"><Switch /></Form.Item>}
        </Form>
      </Modal>
      <Modal title={stepping ? t(`web.enforcement.step.${stepping.step}` as MessageKey) : ''} open={!!stepping} onCancel={() => setStepping(undefined)} onOk={() => stepForm.submit()} destroyOnHidden>
        <Form form={stepForm} layout="vertical" onFinish={(v) => doStep(v.note)}>
          <Form.Item name="note" label={t('web.enforcement.action.note')} rules={[{ required: true }]}><Input.TextArea rows={3} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
