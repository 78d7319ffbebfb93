import { Alert, App, Button, Card, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { approvePublication, discardPublication, getPublication, listPublications, preparePublication } from '../../api/publication.api.ts';
import type { Publication, PublicationListItem, PublicationStatus } from '../../api/publication.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useRegions } from '../../components/use-reference.ts';
import { t } from '../../i18n.ts';
import { todayShanghai } from '../maintenance/maintenance-logic.ts';
import { closedQuarters, releaseRegions } from './publication-logic.ts';
import { ReleaseFigures } from './release-figures.tsx';

const STATUS_COLOR: Record<PublicationStatus, string> = { draft: 'gold', published: 'green', superseded: 'default', discarded: 'red' };

function StatusTag({ status }: { status: PublicationStatus }) {
  return <Tag color={STATUS_COLOR[status]}>{t(`web.publication.statuses.${status}`)}</Tag>;
}

/**
 * `/publications` 信息公开: a regulator prepares a quarter's release (the figures are computed and frozen), another
 * regulator reviews exactly those figures and publishes them; corrections are new versions with a note.
 */
export default function PublicationsPage() {
  const { me } = useSession();
  const regions = useRegions();
  const quarters = useMemo(() => closedQuarters(todayShanghai()), []);
  const [filters, setFilters] = useState<{ period?: string; status?: PublicationStatus }>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [preparing, setPreparing] = useState(false);
  const [openId, setOpenId] = useState<number>();
  const list = useAsync(() => listPublications({ ...filters, ...page }), [filters.period, filters.status, page.page, page.pageSize]);
  const columns: TableColumnsType<PublicationListItem> = [
    { key: 'region', title: t('web.publication.region'), render: (_: unknown, r) => r.regionName },
    { key: 'period', title: t('web.publication.period'), dataIndex: 'period', width: 100 },
    { key: 'version', title: t('web.publication.version'), dataIndex: 'version', width: 70, align: 'right' },
    { key: 'status', title: t('web.publication.status'), width: 100, render: (_: unknown, r) => <StatusTag status={r.status} /> },
    { key: 'preparedBy', title: t('web.publication.preparedBy'), width: 140, render: (_: unknown, r) => `${r.preparedBy} ${formatDateTime(r.preparedAt)}` },
    { key: 'reviewedBy', title: t('web.publication.reviewedBy'), width: 110, render: (_: unknown, r) => r.reviewedBy ?? '—' },
    { key: 'publishedAt', title: t('web.publication.publishedAt'), width: 160, render: (_: unknown, r) => formatDateTime(r.publishedAt) },
    {
      key: 'open',
      title: '',
      width: 70,
      render: (_: unknown, r) => (
        <Button type="link" size="small" onClick={() => setOpenId(r.id)}>
          {t('web.publication.open')}
        </Button>
      ),
    },
  ];
  return (
    <Card>
      <PageHeader
        title={t('web.publication.title')}
        extra={
          <Space>
            <a href="/public/releases" target="_blank" rel="noreferrer">
              {t('web.publication.viewPublic')}
            </a>
            <Button type="primary" onClick={() => setPreparing(true)}>
              {t('web.publication.prepare')}
            </Button>
          </Space>
        }
      />
      <Typography.Paragraph type="secondary">{t('web.publication.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear style={{ width: 140 }} placeholder={t('web.publication.period')} value={filters.period} onChange={(v) => setFilters((f) => ({ ...f, period: v }))} options={quarters.map((q) => ({ value: q, label: q }))} />
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t('web.publication.status')}
          value={filters.status}
          onChange={(v) => setFilters((f) => ({ ...f, status: v }))}
          options={(['draft', 'published', 'superseded', 'discarded'] as const).map((s) => ({ value: s, label: t(`web.publication.statuses.${s}`) }))}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<PublicationListItem>
        data-testid="publication-table"
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }), showTotal: (total) => t('web.common.total', { total }) }}
      />
      {preparing && (
        <PrepareModal
          regionOptions={releaseRegions(regions ?? [], me.regionCode).map((r) => ({ value: r.code, label: r.name }))}
          quarters={quarters}
          onClose={() => setPreparing(false)}
          onPrepared={(p) => {
            setPreparing(false);
            list.reload();
            setOpenId(p.id);
          }}
        />
      )}
      {openId !== undefined && <PublicationDrawer id={openId} onClose={() => setOpenId(undefined)} onChanged={list.reload} />}
    </Card>
  );
}

function PrepareModal(props: { regionOptions: { value: string; label: string }[]; quarters: string[]; onClose: () => void; onPrepared: (p: Publication) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ regionCode: string; period: string; correctionNote?: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const [needsNote, setNeedsNote] = useState(false);
  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setError(undefined);
    try {
      const p = await preparePublication({ ...values, correctionNote: values.correctionNote?.trim() || undefined });
      message.success(t('web.publication.prepared'));
      props.onPrepared(p);
    } catch (e) {
      const err = e as ApiError;
      if (err.details?.fields?.some((f) => f.field === 'correctionNote')) setNeedsNote(true);
      if (!applyServerErrors(form, err).length) setError(err.message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={t('web.publication.prepare')} onCancel={props.onClose} onOk={submit} confirmLoading={saving}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ regionCode: props.regionOptions[0]?.value, period: props.quarters[0] }}>
        <Form.Item name="regionCode" label={t('web.publication.region')} rules={[{ required: true }]}>
          <Select options={props.regionOptions} data-testid="publication-region" />
        </Form.Item>
        <Form.Item name="period" label={t('web.publication.period')} rules={[{ required: true }]}>
          <Select options={props.quarters.map((q) => ({ value: q, label: q }))} data-testid="publication-period" />
        </Form.Item>
        <Form.Item name="correctionNote" label={t('web.publication.correctionNote')} extra={t('web.publication.correctionHint')} rules={needsNote ? [{ required: true }] : []}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PublicationDrawer({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const { message } = App.useApp();
  const data = useAsync(() => getPublication(id), [id]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const p = data.data;
  const act = async (run: () => Promise<Publication>, done: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await run();
      message.success(done);
      setNote('');
      data.reload();
      onChanged();
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  const approve = () =>
    Modal.confirm({
      title: t('web.publication.approve'),
      content: t('web.publication.approveConfirm'),
      onOk: () => act(() => approvePublication(id, p!.contentSha256, note.trim() || undefined), t('web.publication.approved')),
    });
  return (
    <Drawer open width={860} onClose={onClose} title={p ? `${p.regionName} ${p.period} · ${t('web.publication.version')} ${p.version}` : ''} data-testid="publication-drawer">
      {data.error && <Alert type="error" showIcon title={data.error.message} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {p && (
        <>
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('web.publication.status')}>
              <StatusTag status={p.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('web.publication.preparedBy')}>
              {p.preparedBy} {formatDateTime(p.preparedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('web.publication.reviewedBy')}>{p.reviewedBy ? `${p.reviewedBy} ${formatDateTime(p.reviewedAt)}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('web.publication.approveNote')}>{p.reviewNote ?? '—'}</Descriptions.Item>
            {p.correctionNote && (
              <Descriptions.Item label={t('web.publication.correctionNote')} span={2}>
                {p.correctionNote}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('web.publication.hash')} span={2}>
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="publication-hash">
                {p.contentSha256}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          {p.status === 'draft' && (
            <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }}>
              {!p.actions.includes('approve') && <Alert type="info" showIcon title={t('web.publication.selfReviewHint')} />}
              <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={`${t('web.publication.approveNote')} / ${t('web.publication.discardNote')}`} maxLength={1000} />
              <Space>
                {p.actions.includes('approve') && (
                  <Button type="primary" loading={busy} onClick={approve} data-testid="publication-approve">
                    {t('web.publication.approve')}
                  </Button>
                )}
                <Button danger loading={busy} disabled={!note.trim()} onClick={() => act(() => discardPublication(id, note.trim()), t('web.publication.discarded'))}>
                  {t('web.publication.discard')}
                </Button>
              </Space>
            </Space>
          )}
          <ReleaseFigures content={p.content} />
        </>
      )}
    </Drawer>
  );
}
