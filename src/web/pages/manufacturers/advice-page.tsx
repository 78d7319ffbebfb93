import { Alert, App, Button, Card, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { acknowledgeAdvice, getAdvice, listAdvice, listModels, listOutstanding, sendAdvice } from '../../api/manufacturers.api.ts';
import type { Advice, AdviceKind, Outstanding } from '../../api/manufacturers.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';

/**
 * `/manufacturers/advice` 厂家建议: a use unit's or maintenance company's inbox with acknowledgement; a
 * manufacturer's sent advice and who has not acknowledged; regulators read both in their region.
 */
export default function AdvicePage() {
  const { can } = useSession();
  const sender = can('manufacturer.manage');
  const [onlyOpen, setOnlyOpen] = useState(!sender);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number>();
  const [sending, setSending] = useState(false);
  const list = useAsync(() => listAdvice({ outstanding: onlyOpen, page, pageSize: 20 }), [onlyOpen, page]);
  const pending = useAsync(() => (can('advice.ack') ? Promise.resolve(undefined) : listOutstanding({ pageSize: 100 })), []);
  const columns: TableColumnsType<Advice> = [
    { key: 'title', title: t('web.manufacturers.advice.titleField'), render: (_: unknown, a) => <a onClick={() => setOpen(a.id)}>{a.title}</a> },
    { key: 'kind', title: t('web.manufacturers.advice.kind'), width: 100, render: (_: unknown, a) => <Tag color={a.kind === 'safety' ? 'red' : 'blue'}>{t(`web.manufacturers.adviceKind.${a.kind}`)}</Tag> },
    { key: 'maker', title: t('web.manufacturers.field.manufacturer'), width: 180, render: (_: unknown, a) => a.manufacturer.name },
    { key: 'sent', title: t('web.manufacturers.advice.sentAt'), width: 150, render: (_: unknown, a) => formatDateTime(a.sentAt) },
    ackColumn(),
  ];
  function ackColumn() {
    return {
      key: 'ack',
      title: t('web.manufacturers.advice.ack'),
      width: 180,
      render: (_: unknown, a: Advice) =>
        a.mine ? (a.mine.acknowledgedAt ? <Tag color="green">{t('web.manufacturers.advice.acknowledged')}</Tag> : <Tag color="orange">{t('web.manufacturers.advice.pending')}</Tag>) : `${a.acknowledged} / ${a.recipients}`,
    };
  }
  const pendingColumns: TableColumnsType<Outstanding> = [
    { key: 'advice', title: t('web.manufacturers.advice.titleField'), render: (_: unknown, o) => <a onClick={() => setOpen(o.advice.id)}>{o.advice.title}</a> },
    { key: 'org', title: t('web.manufacturers.advice.recipient'), render: (_: unknown, o) => `${o.org.name}（${t(`web.manufacturers.recipientRole.${o.role}`)}）` },
    { key: 'n', title: t('web.manufacturers.faults.elevators'), dataIndex: 'elevatorCount', width: 100 },
    { key: 'days', title: t('web.manufacturers.advice.days'), dataIndex: 'days', width: 100 },
  ];
  const inbox = (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select style={{ width: 160 }} value={onlyOpen ? 'open' : 'all'} onChange={(v) => { setOnlyOpen(v === 'open'); setPage(1); }}
          options={[{ value: 'open', label: t('web.manufacturers.advice.onlyOpen') }, { value: 'all', label: t('web.manufacturers.advice.all') }]} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<Advice> data-testid="advice-table" rowKey="id" size="small" loading={list.loading} columns={columns} dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (total) => t('web.common.total', { total }) }} />
    </>
  );
  return (
    <Card>
      <PageHeader title={t('web.manufacturers.advice.title')} extra={sender ? <Button type="primary" onClick={() => setSending(true)}>{t('web.manufacturers.advice.send')}</Button> : null} />
      <Typography.Paragraph type="secondary">{t('web.manufacturers.advice.intro')}</Typography.Paragraph>
      {pending.data ? (
        <Tabs items={[
          { key: 'list', label: t('web.manufacturers.advice.listTab'), children: inbox },
          { key: 'pending', label: t('web.manufacturers.advice.pendingTab', { n: pending.data.total }), children: <Table<Outstanding> rowKey={(o) => `${o.advice.id}-${o.org.id}-${o.role}`} size="small" columns={pendingColumns} dataSource={pending.data.items} pagination={false} /> },
        ]} />
      ) : inbox}
      {open !== undefined && <AdviceDrawer id={open} onClose={() => setOpen(undefined)} onChanged={() => { list.reload(); pending.reload(); }} />}
      {sending && <SendModal onClose={() => setSending(false)} onDone={() => { setSending(false); list.reload(); pending.reload(); }} />}
    </Card>
  );
}

function AdviceDrawer({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const { message } = App.useApp();
  const { can } = useSession();
  const advice = useAsync(() => getAdvice(id), [id]);
  const [note, setNote] = useState('');
  const a = advice.data;
  const ack = async () => {
    try {
      await acknowledgeAdvice(id, note || undefined);
      message.success(t('web.manufacturers.advice.ackDone'));
      advice.reload();
      onChanged();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Drawer open width={680} title={a?.title} onClose={onClose}>
      {advice.error && <Alert type="error" showIcon title={advice.error.message} />}
      {a && (
        <>
          <Descriptions size="small" column={2} items={[
            { key: 'maker', label: t('web.manufacturers.field.manufacturer'), children: a.manufacturer.name },
            { key: 'kind', label: t('web.manufacturers.advice.kind'), children: t(`web.manufacturers.adviceKind.${a.kind}`) },
            { key: 'sent', label: t('web.manufacturers.advice.sentAt'), children: formatDateTime(a.sentAt) },
            { key: 'n', label: t('web.manufacturers.faults.elevators'), children: a.mine?.elevatorCount ?? a.elevatorCount },
          ]} />
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>{a.body}</Typography.Paragraph>
          {a.mine && can('advice.ack') && !a.mine.acknowledgedAt && (
            <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
              <Input placeholder={t('web.manufacturers.advice.notePlaceholder')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
              <Button type="primary" onClick={ack}>{t('web.manufacturers.advice.acknowledge')}</Button>
            </Space.Compact>
          )}
          {a.mine?.acknowledgedAt && <Alert type="success" showIcon title={t('web.manufacturers.advice.ackAt', { at: formatDateTime(a.mine.acknowledgedAt) })} style={{ marginBottom: 12 }} />}
          <Typography.Title level={5}>{t('web.manufacturers.advice.recipients')}</Typography.Title>
          <Table rowKey={(r) => `${r.org.id}-${r.role}`} size="small" pagination={false} dataSource={a.recipientList} columns={[
            { key: 'org', title: t('web.manufacturers.advice.recipient'), render: (_: unknown, r: (typeof a.recipientList)[number]) => `${r.org.name}（${t(`web.manufacturers.recipientRole.${r.role}`)}）` },
            { key: 'n', title: t('web.manufacturers.faults.elevators'), dataIndex: 'elevatorCount', width: 90 },
            { key: 'ack', title: t('web.manufacturers.advice.ack'), width: 200, render: (_: unknown, r: (typeof a.recipientList)[number]) => (r.acknowledgedAt ? `${formatDateTime(r.acknowledgedAt)} ${r.note ?? ''}` : <Tag color="orange">{t('web.manufacturers.advice.pending')}</Tag>) },
          ]} />
          <Typography.Title level={5}>{t('web.manufacturers.advice.elevators')}</Typography.Title>
          <Table rowKey="registrationCode" size="small" pagination={{ pageSize: 10 }} dataSource={a.elevators} columns={[
            { key: 'code', title: t('web.manufacturers.advice.registrationCode'), dataIndex: 'registrationCode', width: 200 },
            { key: 'model', title: t('web.manufacturers.field.model'), dataIndex: 'model', width: 100 },
            { key: 'address', title: t('web.manufacturers.advice.address'), dataIndex: 'address' },
          ]} />
        </>
      )}
    </Drawer>
  );
}

interface Values {
  kind: AdviceKind;
  title: string;
  body: string;
  models?: string[];
}

function SendModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string>();
  const models = useAsync(() => listModels(), []);
  const submit = async (v: Values) => {
    try {
      const sent = await sendAdvice({ kind: v.kind, title: v.title, body: v.body, models: v.models?.length ? v.models : undefined });
      message.success(t('web.manufacturers.advice.sent', { n: sent.recipients, elevators: sent.elevatorCount }));
      onDone();
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err);
      if (!err.fields.length || rest.length) setError([err.message, ...rest.map((f) => f.message)].join('：'));
    }
  };
  const req = (label: string) => [{ required: true, message: t('web.elevator.required', { label }) }];
  return (
    <Modal open title={t('web.manufacturers.advice.send')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'maintenance' }}>
        <Form.Item name="kind" label={t('web.manufacturers.advice.kind')}><Select options={(['maintenance', 'safety'] as const).map((k) => ({ value: k, label: t(`web.manufacturers.adviceKind.${k}`) }))} /></Form.Item>
        <Form.Item name="models" label={t('web.manufacturers.advice.models')} extra={t('web.manufacturers.advice.modelsHint')}>
          <Select mode="multiple" allowClear options={(models.data?.items ?? []).filter((m) => m.model).map((m) => ({ value: m.model, label: `${m.model}（${m.elevators}）` }))} />
        </Form.Item>
        <Form.Item name="title" label={t('web.manufacturers.advice.titleField')} rules={req(t('web.manufacturers.advice.titleField'))}><Input maxLength={100} /></Form.Item>
        <Form.Item name="body" label={t('web.manufacturers.advice.body')} rules={req(t('web.manufacturers.advice.body'))}><Input.TextArea rows={5} maxLength={5000} /></Form.Item>
      </Form>
    </Modal>
  );
}
