import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { addonOrgs, createAddonProject, listAddonProjects } from '../../api/addon.api.ts';
import type { AddonProjectInput, AddonProjectItem, AddonStatus } from '../../api/addon.types.ts';
import type { ApiError } from '../../api/http.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { STAGES } from './addon-logic.ts';
import { StatusTag } from './addon-bits.tsx';
import { oneOfFromUrl, regionFromUrl } from '../../components/url-filters.ts';

/** `/addon` 加装电梯项目: projects in scope with their stage and the registration deadline; implementing bodies create them. */
export default function AddonProjectsPage() {
  const { can } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [regionCode, setRegion] = useState<string | undefined>(() => regionFromUrl(params));
  const [status, setStatus] = useState<string | undefined>(() => oneOfFromUrl(params, 'status', [...STAGES, 'cancelled']));
  const [overdue, setOverdue] = useState(() => params.get('overdue') === 'true');
  const [q, setQ] = useState<string>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const list = useAsync(() => listAddonProjects({ regionCode, status, overdue: overdue || undefined, q, ...page }), [regionCode, status, overdue, q, page.page, page.pageSize]);
  const reset = () => setPage((p) => ({ ...p, page: 1 }));
  const columns: TableColumnsType<AddonProjectItem> = [
    { key: 'address', title: t('web.addon.field.building'), render: (_: unknown, r) => <Link to={`/addon/${r.id}`}>{`${r.address} ${r.building}${r.unit}`}</Link> },
    { key: 'region', title: t('web.addon.field.region'), dataIndex: 'regionName', width: 110 },
    { key: 'storeys', title: t('web.addon.field.storeys'), dataIndex: 'storeys', width: 70, align: 'right' },
    { key: 'org', title: t('web.addon.field.implementingOrg'), ellipsis: true, render: (_: unknown, r) => r.implementingOrg.name },
    { key: 'status', title: t('web.addon.field.status'), width: 120, render: (_: unknown, r) => <StatusTag status={r.status} /> },
    {
      key: 'due',
      title: t('web.addon.field.registrationDueOn'),
      width: 150,
      render: (_: unknown, r) => (r.registrationDueOn ? <Space size={4}>{r.registrationDueOn}{r.registrationOverdue && <Tag color="red">{t('web.addon.overdue')}</Tag>}</Space> : t('web.common.none')),
    },
    { key: 'code', title: t('web.addon.field.registrationCode'), width: 200, render: (_: unknown, r) => (r.registrationCode ? <Link to={`/elevators/${r.registrationCode}`}>{r.registrationCode}</Link> : t('web.common.none')) },
    { key: 'updatedAt', title: t('web.addon.field.updatedAt'), width: 150, render: (_: unknown, r) => formatDateTime(r.updatedAt) },
  ];
  return (
    <Card>
      <PageHeader
        title={t('web.addon.projects.title')}
        extra={can('addon.manage') ? <Button type="primary" onClick={() => setCreating(true)}>{t('web.addon.projects.create')}</Button> : null}
      />
      <Typography.Paragraph type="secondary">{t('web.addon.projects.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear style={{ width: 240 }} placeholder={t('web.addon.projects.search')} onSearch={(v) => { setQ(v.trim() || undefined); reset(); }} />
        <RegionSelect value={regionCode} onChange={(v) => { setRegion(v); reset(); }} />
        <Select allowClear style={{ width: 160 }} placeholder={t('web.addon.field.status')} value={status} onChange={(v) => { setStatus(v); reset(); }} options={[...STAGES, 'cancelled' as AddonStatus].map((s) => ({ value: s, label: t(`web.addon.status.${s}`) }))} />
        <Space>
          <Switch checked={overdue} onChange={(v) => { setOverdue(v); reset(); }} aria-label={t('web.addon.projects.overdueOnly')} />
          <span>{t('web.addon.projects.overdueOnly')}</span>
        </Space>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<AddonProjectItem>
        data-testid="addon-project-table"
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1200 }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('web.common.total', { total }) }}
        onChange={(p) => setPage({ page: p.pageSize !== page.pageSize ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? page.pageSize })}
      />
      <CreateModal open={creating} onClose={() => setCreating(false)} onDone={(id) => navigate(`/addon/${id}`)} />
    </Card>
  );
}

function CreateModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (id: number) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<AddonProjectInput>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const regionCode = Form.useWatch('regionCode', form);
  const offices = useAsync(() => (regionCode && /^\d{6}$/.test(regionCode) ? addonOrgs('street_office', regionCode) : Promise.resolve({ items: [] })), [regionCode]);
  const required = (label: string) => [{ required: true, whitespace: true, message: t('web.elevator.required', { label }) }];
  const submit = async (v: AddonProjectInput) => {
    setBusy(true);
    setError(undefined);
    try {
      const p = await createAddonProject({ ...v, address: v.address.trim(), building: v.building.trim(), unit: v.unit.trim() });
      message.success(t('web.addon.projects.created'));
      onDone(p.id);
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err);
      if (!err.fields.length || rest.length) setError([err.message, ...rest.map((f) => f.message)].join('：'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('web.addon.projects.createTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<AddonProjectInput> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ storeys: 6 }}>
        <Form.Item name="regionCode" label={t('web.addon.field.region')} rules={[{ required: true, message: t('web.elevator.requiredSelect', { label: t('web.addon.field.region') }) }]}>
          <RegionSelect allowClear={false} />
        </Form.Item>
        <Form.Item name="address" label={t('web.addon.field.address')} rules={required(t('web.addon.field.address'))}>
          <Input maxLength={200} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="building" label={t('web.addon.field.buildingNo')} rules={required(t('web.addon.field.buildingNo'))} style={{ flex: 1 }}>
            <Input maxLength={20} placeholder={t('web.addon.field.buildingExample')} />
          </Form.Item>
          <Form.Item name="unit" label={t('web.addon.field.unit')} rules={required(t('web.addon.field.unit'))} style={{ flex: 1 }}>
            <Input maxLength={20} placeholder={t('web.addon.field.unitExample')} />
          </Form.Item>
          <Form.Item name="storeys" label={t('web.addon.field.storeys')} rules={[{ required: true, message: t('web.elevator.required', { label: t('web.addon.field.storeys') }) }]} style={{ flex: 1 }}>
            <InputNumber min={2} max={40} style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="streetOfficeId" label={t('web.addon.field.streetOffice')}>
          <Select allowClear loading={offices.loading} options={(offices.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
