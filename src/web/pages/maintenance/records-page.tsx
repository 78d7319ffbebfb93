import { Alert, App, Button, Card, DatePicker, Descriptions, Divider, Drawer, Form, Input, Modal, Space, Spin, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { confirmRecord, getRecord, listRecords } from '../../api/maintenance.api.ts';
import type { RecordListItem } from '../../api/maintenance.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { dayjs, formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { enumLabel, t } from '../../i18n.ts';
import { CycleTag, MaintenanceFlagList, minutesBetween, NextDueList } from './maintenance-bits.tsx';
import { PhotoThumb } from './photo-thumb.tsx';

/** `/maintenance/records` 维保记录: records in scope, newest first; the drawer shows items, photos, flags and lets the use unit sign. */
export default function RecordsPage() {
  const [params, setParams] = useSearchParams();
  const [registrationCode, setCode] = useState<string | undefined>(params.get('registrationCode') ?? undefined);
  const [codeText, setCodeText] = useState(registrationCode ?? '');
  const [regionCode, setRegion] = useState<string>();
  const [flagged, setFlagged] = useState(false);
  const [range, setRange] = useState<[string, string]>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const openId = Number(params.get('id')) || undefined;
  const list = useAsync(
    () => listRecords({ registrationCode, regionCode, flagged: flagged || undefined, from: range?.[0], to: range?.[1], ...page }),
    [registrationCode, regionCode, flagged, range?.[0], range?.[1], page.page, page.pageSize],
  );
  const filter = (fn: () => void) => {
    fn();
    setPage((p) => ({ ...p, page: 1 }));
  };
  const open = (id?: number) => {
    const next = new URLSearchParams(params);
    if (id) next.set('id', String(id));
    else next.delete('id');
    setParams(next, { replace: true });
  };

  const columns: TableColumnsType<RecordListItem> = [
    { key: 'startedAt', title: t('web.maintenance.field.startedAt'), width: 140, render: (_: unknown, r) => formatDateTime(r.startedAt) },
    {
      key: 'elevator',
      title: t('web.maintenance.field.registrationCode'),
      width: 260,
      render: (_: unknown, r) => (
        <div>
          <Link to={`/elevators/${r.registrationCode}`}>{r.registrationCode}</Link>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} ellipsis>
            {r.address}
          </Typography.Text>
        </div>
      ),
    },
    { key: 'company', title: t('web.maintenance.field.company'), ellipsis: true, render: (_: unknown, r) => r.company.name },
    { key: 'cycle', title: t('web.maintenance.field.cycle'), width: 80, render: (_: unknown, r) => <CycleTag cycle={r.cycle} /> },
    { key: 'duration', title: t('web.maintenance.field.duration'), width: 90, align: 'right', render: (_: unknown, r) => t('web.maintenance.minutes', { n: minutesBetween(r.startedAt, r.endedAt) }) },
    {
      key: 'flags',
      title: t('web.maintenance.field.flags'),
      width: 90,
      render: (_: unknown, r) => (r.flagCount ? <Tag color="orange">{t('web.maintenance.records.flagCount', { n: r.flagCount })}</Tag> : <Tag color="green">{t('web.maintenance.records.clean')}</Tag>),
    },
    {
      key: 'actions',
      title: t('web.common.actions'),
      width: 80,
      render: (_: unknown, r) => (
        <Button size="small" type="link" onClick={() => open(r.id)}>
          {t('web.maintenance.records.view')}
        </Button>
      ),
    },
  ];

  return (
    <Card>
      <PageHeader title={t('web.maintenance.records.title')} />
      <Typography.Paragraph type="secondary">{t('web.maintenance.records.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          style={{ width: 260 }}
          placeholder={t('web.maintenance.records.codeFilter')}
          value={codeText}
          onChange={(e) => setCodeText(e.target.value)}
          onSearch={(v) => filter(() => setCode(v.trim() || undefined))}
        />
        <RegionSelect value={regionCode} onChange={(v) => filter(() => setRegion(v))} />
        <DatePicker.RangePicker
          placeholder={[t('web.maintenance.records.range'), t('web.maintenance.records.range')]}
          value={range ? [dayjs(range[0]), dayjs(range[1])] : null}
          onChange={(v) => filter(() => setRange(v && v[0] && v[1] ? [v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')] : undefined))}
        />
        <Space>
          <Switch checked={flagged} onChange={(v) => filter(() => setFlagged(v))} aria-label={t('web.maintenance.records.flaggedOnly')} />
          <span>{t('web.maintenance.records.flaggedOnly')}</span>
        </Space>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<RecordListItem>
        data-testid="record-table"
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        onRow={(r) => ({ 'data-record-id': r.id }) as React.HTMLAttributes<HTMLElement>}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('web.common.total', { total }) }}
        onChange={(p) => setPage({ page: p.pageSize !== page.pageSize ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? page.pageSize })}
      />
      <RecordDrawer recordId={openId} onClose={() => open(undefined)} />
    </Card>
  );
}

/** One record: times, workers, items with results and values, photos, parts, flags with evidence; 签字确认 for the use unit. */
export function RecordDrawer({ recordId, onClose }: { recordId?: number; onClose: () => void }) {
  const { me } = useSession();
  const [tick, setTick] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [confirmed, setConfirmed] = useState<string>();
  const rec = useAsync(() => (recordId ? getRecord(recordId) : Promise.resolve(undefined)), [recordId, tick]);
  useEffect(() => setConfirmed(undefined), [recordId]);
  const r = rec.data;
  return (
    <Drawer open={recordId !== undefined} onClose={onClose} size={640} title={t('web.maintenance.records.detail')} destroyOnHidden data-testid="record-drawer">
      {rec.loading && !r && <Spin />}
      {rec.error && <Alert type="error" showIcon title={rec.error.message} />}
      {r && (
        <div data-testid="record-detail">
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('web.maintenance.field.registrationCode')}>
              <Link to={`/elevators/${r.registrationCode}`}>{r.registrationCode}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('web.maintenance.field.address')}>{r.address}</Descriptions.Item>
            <Descriptions.Item label={t('web.maintenance.field.company')}>{r.company.name}</Descriptions.Item>
            <Descriptions.Item label={t('web.maintenance.field.cycle')}>
              <CycleTag cycle={r.cycle} />
            </Descriptions.Item>
            <Descriptions.Item label={t('web.maintenance.field.startedAt')}>{formatDateTime(r.startedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('web.maintenance.field.endedAt')}>
              {formatDateTime(r.endedAt)}（{t('web.maintenance.minutes', { n: minutesBetween(r.startedAt, r.endedAt) })}）
            </Descriptions.Item>
            <Descriptions.Item label={t('web.maintenance.field.workers')}>{r.workers.map((w) => `${w.name}（${w.certificateNo}）`).join('、')}</Descriptions.Item>
            <Descriptions.Item label={t('web.maintenance.field.nextDue')}>
              <NextDueList nextDue={r.nextDue} />
            </Descriptions.Item>
          </Descriptions>
          {(confirmed ?? r.confirmedBy) && (
            <div style={{ marginTop: 12 }}>
              <Tag color="green" data-testid="record-confirmed">
                {t('web.maintenance.records.confirmed')}：{confirmed ?? r.confirmedBy}
                {r.confirmedAt ? `（${formatDateTime(r.confirmedAt)}）` : ''}
              </Tag>
            </div>
          )}
          {me.orgType === 'use_unit' && !(confirmed ?? r.confirmedBy) && (
            <div style={{ marginTop: 12 }}>
              {(
                <Button type="primary" onClick={() => setConfirming(true)}>
                  {t('web.maintenance.records.confirm')}
                </Button>
              )}
            </div>
          )}
          <Divider titlePlacement="start">{t('web.maintenance.field.flags')}</Divider>
          <MaintenanceFlagList flags={r.flags} testId="record-flags" />
          {r.hazards.length > 0 && (
            <>
              <Divider titlePlacement="start">{t('web.maintenance.records.hazards')}</Divider>
              <Space orientation="vertical" size={2} data-testid="record-hazards">
                {r.hazards.map((h) => (
                  <Typography.Text key={h.id}>
                    <Tag color={h.severity === 'serious' ? 'red' : 'orange'}>{t(h.severity === 'serious' ? 'web.maintenance.records.hazardSerious' : 'web.maintenance.records.hazardGeneral')}</Tag>
                    {h.item}（{t('web.maintenance.records.hazardDeadline', { date: h.deadline })}）
                  </Typography.Text>
                ))}
              </Space>
            </>
          )}
          <Divider titlePlacement="start">
            {t('web.maintenance.field.items')}（{t('web.maintenance.records.itemCount', { n: r.items.length })}）
          </Divider>
          <Table
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={r.items}
            scroll={{ y: 320 }}
            columns={[
              { key: 'code', title: t('web.maintenance.field.items'), dataIndex: 'code', width: 100 },
              { key: 'result', title: t('web.maintenance.flags.status'), width: 90, render: (_: unknown, i) => <Tag color={i.result === 'failed' ? 'red' : i.result === 'ok' ? 'green' : 'blue'}>{enumLabel('itemResult', i.result)}</Tag> },
              { key: 'value', title: t('web.maintenance.visit.value'), render: (_: unknown, i) => (i.value ?? '') },
            ]}
          />
          <Divider titlePlacement="start">{t('web.maintenance.field.photos')}</Divider>
          {r.photos.length ? (
            <Space orientation="vertical" size={2}>
              {r.photos.map((p) => (
                <Typography.Text key={p.sha256} style={{ fontSize: 12 }}>
                  <Typography.Text code>{p.sha256.slice(0, 16)}…</Typography.Text>
                  {p.itemCode && ` ${t('web.maintenance.records.photoItem', { code: p.itemCode })}`} {p.takenAt ? formatDateTime(p.takenAt) : ''}{' '}
                  <Tag color={p.uploaded ? 'green' : 'default'}>{p.uploaded ? t('web.maintenance.records.photoUploaded') : t('web.maintenance.records.photoNotUploaded')}</Tag>
                  {p.uploaded && <PhotoThumb sha256={p.sha256} alt={p.itemCode ?? p.sha256.slice(0, 8)} />}
                </Typography.Text>
              ))}
            </Space>
          ) : (
            <Typography.Text type="secondary">{t('web.maintenance.records.noPhotos')}</Typography.Text>
          )}
          <ConfirmModal
            recordId={confirming ? r.id : undefined}
            defaultSigner={me.displayName}
            onClose={() => setConfirming(false)}
            onDone={(signer) => {
              setConfirming(false);
              setConfirmed(signer);
              setTick((n) => n + 1);
            }}
          />
        </div>
      )}
    </Drawer>
  );
}

function ConfirmModal({ recordId, defaultSigner, onClose, onDone }: { recordId?: number; defaultSigner: string; onClose: () => void; onDone: (signer: string) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ signer: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (v: { signer: string }) => {
    if (!recordId) return;
    setBusy(true);
    setError(undefined);
    try {
      const res = await confirmRecord(recordId, v.signer.trim());
      message.success(t('web.maintenance.records.confirmed'));
      onDone(res.confirmedBy);
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={recordId !== undefined} title={t('web.maintenance.records.confirmTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ signer: defaultSigner }}>
        <Form.Item name="signer" label={t('web.maintenance.records.signer')} rules={[{ required: true, whitespace: true, message: t('web.maintenance.records.signerRequired') }]}>
          <Input maxLength={40} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
