import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { createPerson, getPerson, listManagerLoads, listPeople, saveCertificate } from '../../api/personnel.api.ts';
import type { Certificate, CertificateKind, EmploymentRole, ManagerLoad, PersonSummary } from '../../api/personnel.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import type { Dayjs } from 'dayjs';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { CERT_KINDS, certColor, ROLES } from './personnel-logic.ts';

/** `/personnel` 人员资质: people with masked ID numbers, certificates (expiry highlighted), employment, safety managers. */
export default function PeoplePage() {
  const { can } = useSession();
  const [query, setQuery] = useState<{ q?: string; kind?: string; certificateState?: string; page: number }>({ page: 1 });
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<number>();
  const list = useAsync(() => listPeople({ ...query, pageSize: 20 }), [query]);
  const loads = useAsync(() => listManagerLoads(), []);
  const columns: TableColumnsType<PersonSummary> = [
    { key: 'name', title: t('web.personnel.field.name'), width: 120, render: (_: unknown, p) => <a onClick={() => setOpen(p.id)}>{p.name}</a> },
    { key: 'id', title: t('web.personnel.field.idMasked'), width: 190, render: (_: unknown, p) => p.idMasked ?? <Tag>{t('web.personnel.unverified')}</Tag> },
    { key: 'phone', title: t('web.personnel.field.phone'), width: 130, render: (_: unknown, p) => p.phoneMasked ?? '—' },
    { key: 'certs', title: t('web.personnel.field.certificates'), render: (_: unknown, p) => <Space wrap>{p.certificates.map((c) => <CertTag key={c.id} c={c} />)}</Space> },
    { key: 'orgs', title: t('web.personnel.field.orgs'), width: 240, render: (_: unknown, p) => p.orgs.map((o) => o.name).join('、') },
  ];
  const loadColumns: TableColumnsType<ManagerLoad> = [
    { key: 'name', title: t('web.personnel.field.name'), render: (_: unknown, l) => <a onClick={() => setOpen(l.person.id)}>{l.person.name}</a> },
    { key: 'units', title: t('web.personnel.field.useUnits'), render: (_: unknown, l) => l.useUnits.map((u) => u.name).join('、') },
    { key: 'n', title: t('web.personnel.field.elevators'), width: 120, render: (_: unknown, l) => (l.over ? <Tag color="red">{l.elevators} / {l.cap}</Tag> : `${l.elevators} / ${l.cap}`) },
  ];
  return (
    <Card>
      <PageHeader title={t('web.personnel.people.title')} extra={can('personnel.manage') ? <Button type="primary" onClick={() => setAdding(true)}>{t('web.personnel.people.add')}</Button> : null} />
      <Typography.Paragraph type="secondary">{t('web.personnel.people.intro')}</Typography.Paragraph>
      <Tabs
        items={[
          {
            key: 'people',
            label: t('web.personnel.people.tab'),
            children: (
              <>
                <Space wrap style={{ marginBottom: 12 }}>
                  <Input.Search allowClear placeholder={t('web.personnel.field.name')} onSearch={(q) => setQuery({ ...query, q: q || undefined, page: 1 })} style={{ width: 200 }} />
                  <Select allowClear placeholder={t('web.personnel.field.kind')} style={{ width: 160 }} onChange={(kind) => setQuery({ ...query, kind, page: 1 })} options={CERT_KINDS.map((k) => ({ value: k, label: t(`web.personnel.kind.${k}`) }))} />
                  <Select allowClear placeholder={t('web.personnel.field.certState')} style={{ width: 160 }} onChange={(s) => setQuery({ ...query, certificateState: s, page: 1 })} options={['expired', 'expiring'].map((s) => ({ value: s, label: t(`web.personnel.state.${s as 'expired' | 'expiring'}`) }))} />
                </Space>
                {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
                <Table<PersonSummary> data-testid="personnel-table" rowKey="id" size="small" loading={list.loading} columns={columns} dataSource={list.data?.items ?? []}
                  pagination={{ current: query.page, pageSize: 20, total: list.data?.total ?? 0, onChange: (page) => setQuery({ ...query, page }), showTotal: (total) => t('web.common.total', { total }) }} />
              </>
            ),
          },
          { key: 'managers', label: t('web.personnel.people.managersTab'), children: <Table<ManagerLoad> rowKey={(l) => l.person.id} size="small" loading={loads.loading} columns={loadColumns} dataSource={loads.data?.items ?? []} pagination={false} /> },
        ]}
      />
      <PersonModal open={adding} onClose={() => setAdding(false)} onDone={() => { setAdding(false); list.reload(); }} />
      {open !== undefined && <PersonDrawer id={open} onClose={() => setOpen(undefined)} onChanged={list.reload} />}
    </Card>
  );
}

function CertTag({ c }: { c: Certificate }) {
  return (
    <Tag color={certColor(c.state)} data-testid={`cert-${c.number}`}>
      {t(`web.personnel.kind.${c.kind}`)} {c.number}
      {c.expiresOn ? ` · ${t(`web.personnel.state.${c.state}`)} ${c.expiresOn}` : ''}
    </Tag>
  );
}

function PersonDrawer({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const { can } = useSession();
  const person = useAsync(() => getPerson(id), [id]);
  const [addingCert, setAddingCert] = useState(false);
  const p = person.data;
  return (
    <Drawer open width={720} title={p?.name} onClose={onClose} extra={can('personnel.manage') ? <Button onClick={() => setAddingCert(true)}>{t('web.personnel.certificate.add')}</Button> : null}>
      {person.error && <Alert type="error" showIcon title={person.error.message} />}
      {p && (
        <>
          <Descriptions size="small" column={2} items={[
            { key: 'id', label: t('web.personnel.field.idMasked'), children: p.idMasked ?? t('web.personnel.unverified') },
            { key: 'phone', label: t('web.personnel.field.phone'), children: p.phoneMasked ?? '—' },
            { key: 'sm', label: t('web.personnel.field.safetyManagerOf'), children: p.safetyManagerOf.total },
          ]} />
          <Typography.Title level={5}>{t('web.personnel.field.certificates')}</Typography.Title>
          <Table<Certificate> rowKey="id" size="small" pagination={false} dataSource={p.certificates} columns={[
            { key: 'kind', title: t('web.personnel.field.kind'), render: (_: unknown, c) => t(`web.personnel.kind.${c.kind}`) },
            { key: 'number', title: t('web.personnel.field.number'), dataIndex: 'number' },
            { key: 'authority', title: t('web.personnel.field.authority'), render: (_: unknown, c) => c.authority ?? '—' },
            { key: 'expires', title: t('web.personnel.field.expiresOn'), render: (_: unknown, c) => <CertTag c={c} /> },
          ]} />
          <Typography.Title level={5}>{t('web.personnel.field.employments')}</Typography.Title>
          <Table rowKey="id" size="small" pagination={false} dataSource={p.employments} columns={[
            { key: 'org', title: t('web.personnel.field.org'), render: (_: unknown, e: (typeof p.employments)[number]) => e.org.name },
            { key: 'role', title: t('web.personnel.field.role'), render: (_: unknown, e: (typeof p.employments)[number]) => t(`web.personnel.role.${e.role}`) },
            { key: 'period', title: t('web.personnel.field.period'), render: (_: unknown, e: (typeof p.employments)[number]) => `${e.employedFrom} ~ ${e.employedTo ?? t('web.personnel.evidence.now')}` },
            { key: 'source', title: t('web.personnel.field.source'), render: (_: unknown, e: (typeof p.employments)[number]) => t(`web.personnel.source.${e.source}`) },
          ]} />
        </>
      )}
      <CertificateModal open={addingCert} personId={id} onClose={() => setAddingCert(false)} onDone={() => { setAddingCert(false); person.reload(); onChanged(); }} />
    </Drawer>
  );
}

interface PersonValues {
  name: string;
  idNumber: string;
  phone?: string;
  role: EmploymentRole;
  employedFrom: Dayjs;
}

function PersonModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<PersonValues>();
  const [error, setError] = useState<string>();
  const submit = async (v: PersonValues) => {
    setError(undefined);
    try {
      await createPerson({ name: v.name, idNumber: v.idNumber, phone: v.phone || undefined, employment: { role: v.role, employedFrom: v.employedFrom.format('YYYY-MM-DD') } });
      message.success(t('web.personnel.people.saved'));
      onDone();
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err, { 'employment.role': 'role', 'employment.employedFrom': 'employedFrom' });
      if (!err.fields.length || rest.length) setError([err.message, ...rest.map((f) => f.message)].join('：'));
    }
  };
  const req = (label: string) => [{ required: true, message: t('web.elevator.required', { label }) }];
  return (
    <Modal open={open} title={t('web.personnel.people.add')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">{t('web.personnel.people.idHint')}</Typography.Paragraph>
      <Form<PersonValues> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ role: 'maintenance_worker' }}>
        <Form.Item name="name" label={t('web.personnel.field.name')} rules={req(t('web.personnel.field.name'))}><Input maxLength={40} /></Form.Item>
        <Form.Item name="idNumber" label={t('web.personnel.field.idNumber')} rules={req(t('web.personnel.field.idNumber'))}><Input maxLength={18} autoComplete="off" /></Form.Item>
        <Form.Item name="phone" label={t('web.personnel.field.phone')}><Input maxLength={20} autoComplete="off" /></Form.Item>
        <Form.Item name="role" label={t('web.personnel.field.role')}><Select options={ROLES.map((r) => ({ value: r, label: t(`web.personnel.role.${r}`) }))} /></Form.Item>
        <Form.Item name="employedFrom" label={t('web.personnel.field.employedFrom')} rules={req(t('web.personnel.field.employedFrom'))}><DatePicker style={{ width: '100%' }} /></Form.Item>
      </Form>
    </Modal>
  );
}

interface CertValues {
  kind: CertificateKind;
  number: string;
  authority?: string;
  issuedOn?: Dayjs;
  expiresOn?: Dayjs;
}

function CertificateModal({ open, personId, onClose, onDone }: { open: boolean; personId: number; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<CertValues>();
  const [error, setError] = useState<string>();
  const submit = async (v: CertValues) => {
    setError(undefined);
    try {
      await saveCertificate(personId, { kind: v.kind, number: v.number, authority: v.authority || undefined, issuedOn: v.issuedOn?.format('YYYY-MM-DD'), expiresOn: v.expiresOn?.format('YYYY-MM-DD') });
      onDone();
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err);
      if (!err.fields.length || rest.length) setError([err.message, ...rest.map((f) => f.message)].join('：'));
    }
  };
  return (
    <Modal open={open} title={t('web.personnel.certificate.add')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<CertValues> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ kind: 'T' }}>
        <Form.Item name="kind" label={t('web.personnel.field.kind')}><Select options={CERT_KINDS.map((k) => ({ value: k, label: t(`web.personnel.kind.${k}`) }))} /></Form.Item>
        <Form.Item name="number" label={t('web.personnel.field.number')} rules={[{ required: true, message: t('web.elevator.required', { label: t('web.personnel.field.number') }) }]}><Input maxLength={40} /></Form.Item>
        <Form.Item name="authority" label={t('web.personnel.field.authority')}><Input maxLength={100} /></Form.Item>
        <Form.Item name="issuedOn" label={t('web.personnel.field.issuedOn')}><DatePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="expiresOn" label={t('web.personnel.field.expiresOn')}><DatePicker style={{ width: '100%' }} /></Form.Item>
      </Form>
    </Modal>
  );
}
