import { Alert, App, Badge, Button, Card, Form, Input, Modal, Radio, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { listDetections, reviewDetection, runDetections } from '../../api/personnel.api.ts';
import type { Detection, DetectionKind, DetectionStatus } from '../../api/personnel.types.ts';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { DETECTION_KINDS, evidenceLines } from './personnel-logic.ts';

const STATUS_COLOR: Record<DetectionStatus, string> = { open: 'orange', confirmed: 'red', dismissed: 'default' };

/** `/personnel/detections` 挂证检测: findings by kind with their evidence; regulators confirm or dismiss them. */
export default function DetectionsPage() {
  const { message } = App.useApp();
  const [kind, setKind] = useState<DetectionKind>('multi_employer');
  const [status, setStatus] = useState<DetectionStatus | undefined>('open');
  const [page, setPage] = useState(1);
  const [reviewing, setReviewing] = useState<Detection>();
  const [running, setRunning] = useState(false);
  const list = useAsync(() => listDetections({ kind, status, page, pageSize: 20 }), [kind, status, page]);
  const run = async () => {
    setRunning(true);
    try {
      const r = await runDetections();
      message.success(t('web.personnel.detections.ran', { n: Object.values(r.found).reduce((a, b) => a + b, 0) }));
      list.reload();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setRunning(false);
    }
  };
  const columns: TableColumnsType<Detection> = [
    { key: 'subject', title: t('web.personnel.detections.subject'), width: 140, render: (_: unknown, d) => <Space direction="vertical" size={0}><span>{d.subjectName}</span><Typography.Text type="secondary">{d.certificateNo ?? ''}</Typography.Text></Space> },
    { key: 'summary', title: t('web.personnel.detections.summary'), render: (_: unknown, d) => <><div>{d.summary}</div><ul className="ls-evidence" style={{ margin: '4px 0 0', paddingLeft: 18 }}>{evidenceLines(d).map((l) => <li key={l}><Typography.Text type="secondary">{l}</Typography.Text></li>)}</ul></> },
    { key: 'status', title: t('web.personnel.detections.status'), width: 160, render: (_: unknown, d) => <Space direction="vertical" size={0}><Tag color={STATUS_COLOR[d.status]}>{t(`web.personnel.detections.statusLabel.${d.status}`)}</Tag>{d.note && <Typography.Text type="secondary">{d.note}</Typography.Text>}</Space> },
    { key: 'seen', title: t('web.personnel.detections.lastSeen'), width: 150, render: (_: unknown, d) => formatDateTime(d.lastSeenAt) },
    { key: 'act', title: '', width: 90, render: (_: unknown, d) => (d.status === 'open' ? <Button size="small" onClick={() => setReviewing(d)}>{t('web.personnel.detections.review')}</Button> : null) },
  ];
  return (
    <Card>
      <PageHeader title={t('web.personnel.detections.title')} extra={<Button loading={running} onClick={run}>{t('web.personnel.detections.run')}</Button>} />
      <Typography.Paragraph type="secondary">{t('web.personnel.detections.intro')}</Typography.Paragraph>
      <Tabs activeKey={kind} onChange={(k) => { setKind(k as DetectionKind); setPage(1); }}
        items={DETECTION_KINDS.map((k) => ({ key: k, label: <Space size={4}>{t(`web.personnel.detections.kind.${k}`)}<Badge count={list.data?.openByKind[k] ?? 0} size="small" /></Space> }))} />
      <Select allowClear style={{ width: 160, marginBottom: 12 }} placeholder={t('web.personnel.detections.status')} value={status} onChange={(s) => { setStatus(s); setPage(1); }}
        options={(['open', 'confirmed', 'dismissed'] as const).map((s) => ({ value: s, label: t(`web.personnel.detections.statusLabel.${s}`) }))} />
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<Detection> data-testid="detections-table" rowKey="id" size="small" loading={list.loading} columns={columns} dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (total) => t('web.common.total', { total }) }} />
      {reviewing && <ReviewModal detection={reviewing} onClose={() => setReviewing(undefined)} onDone={() => { setReviewing(undefined); list.reload(); }} />}
    </Card>
  );
}

function ReviewModal({ detection, onClose, onDone }: { detection: Detection; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<{ status: 'confirmed' | 'dismissed'; note: string }>();
  const [error, setError] = useState<string>();
  const submit = async (v: { status: 'confirmed' | 'dismissed'; note: string }) => {
    try {
      await reviewDetection(detection.id, v.status, v.note);
      onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Modal open title={t('web.personnel.detections.review')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Typography.Paragraph>{detection.summary}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ status: 'confirmed' }}>
        <Form.Item name="status" label={t('web.personnel.detections.decision')}>
          <Radio.Group options={[{ value: 'confirmed', label: t('web.personnel.detections.statusLabel.confirmed') }, { value: 'dismissed', label: t('web.personnel.detections.statusLabel.dismissed') }]} />
        </Form.Item>
        <Form.Item name="note" label={t('web.personnel.detections.note')} rules={[{ required: true, message: t('web.personnel.detections.noteRequired') }]}><Input.TextArea rows={3} maxLength={1000} /></Form.Item>
      </Form>
    </Modal>
  );
}
