import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { actOnDefect, listDefects } from '../../api/inspection.api.ts';
import type { Defect, DefectActionKind, DefectStatus } from '../../api/inspection.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { enumOptions, t } from '../../i18n.ts';
import { DefectStatusTag, SeverityTag } from './inspection-bits.tsx';
import { ReportDrawer } from './report-drawer.tsx';
import { defectActions, defectRoles } from './report-form-values.ts';

/** `/inspection/defects` 整改任务: defects found by inspections as tasks with deadlines; overdue ones in red; actions by role. */
export default function DefectsPage() {
  const { me } = useSession();
  const who = useMemo(() => defectRoles(me.orgType, me.roles, me.permissions), [me]);
  const [status, setStatus] = useState<DefectStatus | undefined>('open');
  const [overdue, setOverdue] = useState(false);
  const [regionCode, setRegion] = useState<string>();
  const [code, setCode] = useState<string>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [acting, setActing] = useState<{ defect: Defect; action: DefectActionKind }>();
  const [reportId, setReportId] = useState<number>();
  const list = useAsync(
    () => listDefects({ status, overdue: overdue ? 'true' : undefined, regionCode, registrationCode: code, ...page }),
    [status, overdue, regionCode, code, page.page, page.pageSize],
  );
  const filter = (fn: () => void) => {
    fn();
    setPage((p) => ({ ...p, page: 1 }));
  };

  const columns: TableColumnsType<Defect> = [
    {
      key: 'elevator',
      title: t('web.inspection.field.registrationCode'),
      width: 220,
      render: (_: unknown, d) => (
        <div>
          <Link to={`/elevators/${d.registrationCode}`}>{d.registrationCode}</Link>
          <Typography.Text type="secondary" ellipsis={{ tooltip: d.address }} style={{ display: 'block', fontSize: 12, maxWidth: 220 }}>
            {d.address}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'report',
      title: t('web.inspection.field.reportNo'),
      width: 170,
      render: (_: unknown, d) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setReportId(d.reportId)}>
          {d.reportNo}
        </Button>
      ),
    },
    {
      key: 'item',
      title: t('web.inspection.field.defectItem'),
      render: (_: unknown, d) => (
        <div>
          <Space size={4}>
            <SeverityTag severity={d.severity} />
            <Typography.Text strong>{d.item}</Typography.Text>
          </Space>
          <div style={{ fontSize: 12 }}>{d.description}</div>
          {d.evidence.map((e, i) => (
            <Typography.Text key={i} type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {formatDateTime(e.at)} {e.by}：{e.note}
              {e.fileSha256 && ` [${e.fileSha256.slice(0, 12)}…]`}
            </Typography.Text>
          ))}
        </div>
      ),
    },
    {
      key: 'deadline',
      title: t('web.inspection.field.deadline'),
      width: 130,
      render: (_: unknown, d) => (
        <div>
          <div>{d.deadline}</div>
          {d.overdueDays > 0 && <Typography.Text type="danger">{t('web.inspection.due.overdueDays', { n: d.overdueDays })}</Typography.Text>}
          {d.escalated && <Tag color="red">{t('web.inspection.defects.escalated')}</Tag>}
        </div>
      ),
    },
    { key: 'status', title: t('web.inspection.field.defectStatus'), width: 120, render: (_: unknown, d) => <DefectStatusTag status={d.status} /> },
    {
      key: 'actions',
      title: t('web.common.actions'),
      width: 170,
      render: (_: unknown, d) => (
        <Space size={4} wrap>
          {defectActions(d.status, who).map((action) => (
            <Button key={action} size="small" type={action === 'fix' || action === 'verify' ? 'primary' : 'default'} onClick={() => setActing({ defect: d, action })}>
              {t(`web.inspection.defects.action.${action}`)}
            </Button>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <Card>
      <PageHeader title={t('web.inspection.defects.title')} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear style={{ width: 260 }} placeholder={t('web.inspection.list.codePlaceholder')} onSearch={(v) => filter(() => setCode(v.trim() || undefined))} enterButton={t('web.common.search')} />
        <Select allowClear style={{ width: 150 }} placeholder={t('web.inspection.field.defectStatus')} value={status} options={enumOptions('defectStatus')} onChange={(v?: DefectStatus) => filter(() => setStatus(v))} />
        <RegionSelect value={regionCode} onChange={(v) => filter(() => setRegion(v))} />
        <Space>
          <Switch checked={overdue} onChange={(v) => filter(() => setOverdue(v))} />
          {t('web.inspection.defects.overdueOnly')}
        </Space>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<Defect>
        data-testid="defect-table"
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        rowClassName={(d) => (d.overdueDays > 0 ? 'ls-row-overdue' : '')}
        onRow={(d) => ({ style: d.overdueDays > 0 ? { background: '#fff1f0' } : undefined })}
        scroll={{ x: 1100 }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('web.common.total', { total }) }}
        onChange={(p) => setPage({ page: p.pageSize !== page.pageSize ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? page.pageSize })}
      />
      <DefectActionModal
        acting={acting}
        onClose={() => setActing(undefined)}
        onDone={() => {
          setActing(undefined);
          list.reload();
        }}
      />
      <ReportDrawer reportId={reportId} onClose={() => setReportId(undefined)} />
    </Card>
  );
}

function DefectActionModal({ acting, onClose, onDone }: { acting?: { defect: Defect; action: DefectActionKind }; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string; fileSha256?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (v: { note: string; fileSha256?: string }) => {
    if (!acting) return;
    setBusy(true);
    setError(undefined);
    try {
      await actOnDefect(acting.defect.id, { action: acting.action, note: v.note.trim(), fileSha256: v.fileSha256?.trim().toLowerCase() || undefined });
      message.success(t('web.common.saved'));
      form.resetFields();
      onDone();
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={acting !== undefined}
      title={acting ? `${t(`web.inspection.defects.action.${acting.action}`)} · ${acting.defect.item}` : undefined}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="note" label={t('web.inspection.defects.note')} rules={[{ required: true, whitespace: true, message: t('web.inspection.defects.noteRequired') }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        {acting?.action === 'fix' && (
          <Form.Item name="fileSha256" label={t('web.inspection.defects.evidenceHash')} extra={t('web.inspection.defects.evidenceHint')} rules={[{ pattern: /^[0-9a-fA-F]{64}$/, message: t('web.inspection.defects.hashInvalid') }]}>
            <Input maxLength={64} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
