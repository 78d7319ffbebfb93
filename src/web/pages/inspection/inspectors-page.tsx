import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Modal, Row, Space, Table, Tag, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ApiError, FieldError } from '../../api/http.ts';
import { addInspector, listInspectors } from '../../api/inspection.api.ts';
import type { Inspector } from '../../api/inspection.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import { dayjs } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { AgencySelect } from './agency-select.tsx';

interface InspectorFormValues {
  name: string;
  certificateNo: string;
  qualification?: string;
  valid?: [Dayjs, Dayjs] | null;
  employedFrom: Dayjs;
  employedTo?: Dayjs | null;
  agencyOrgId?: number;
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

/** `/inspection/inspectors` 检验人员: an agency registers its inspectors' certificates (employment periods kept); regulators see all. */
export default function InspectorsPage() {
  const { me, can } = useSession();
  const [cert, setCert] = useState<string>();
  const [agencyOrgId, setAgency] = useState<number>();
  const [adding, setAdding] = useState(false);
  const list = useAsync(() => listInspectors({ certificateNo: cert, agencyOrgId }), [cert, agencyOrgId]);
  const isAgency = me.orgType === 'inspection';
  const today = dayjs().format('YYYY-MM-DD');

  const columns: TableColumnsType<Inspector> = [
    { key: 'name', title: t('web.inspection.field.inspectorName'), dataIndex: 'name', width: 120 },
    { key: 'certificateNo', title: t('web.inspection.field.certificateNo'), dataIndex: 'certificateNo', width: 200 },
    { key: 'qualification', title: t('web.inspection.inspectors.qualification'), dataIndex: 'qualification', width: 140 },
    { key: 'agency', title: t('web.inspection.field.agency'), ellipsis: true, render: (_: unknown, i) => i.agency.name },
    {
      key: 'valid',
      title: t('web.inspection.inspectors.valid'),
      width: 230,
      render: (_: unknown, i) => (
        <Space size={4}>
          {`${i.validFrom ?? '…'} ~ ${i.validTo ?? '…'}`}
          {i.validTo && i.validTo < today && <Tag color="red">{t('web.inspection.inspectors.expired')}</Tag>}
        </Space>
      ),
    },
    { key: 'employed', title: t('web.inspection.inspectors.employed'), width: 220, render: (_: unknown, i) => `${i.employedFrom} ~ ${i.employedTo ?? t('web.inspection.inspectors.now')}` },
  ];

  return (
    <Card>
      <PageHeader
        title={t('web.inspection.inspectors.title')}
        extra={
          can('inspection.submit') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('web.inspection.inspectors.add')}
            </Button>
          )
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear style={{ width: 260 }} placeholder={t('web.inspection.field.certificateNo')} onSearch={(v) => setCert(v.trim() || undefined)} enterButton={t('web.common.search')} />
        {!isAgency && <AgencySelect value={agencyOrgId} onChange={setAgency} placeholder={t('web.inspection.field.agency')} />}
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<Inspector> data-testid="inspector-table" rowKey="id" size="small" loading={list.loading} columns={columns} dataSource={list.data?.items ?? []} scroll={{ x: 1000 }} pagination={{ pageSize: 50, showTotal: (total) => t('web.common.total', { total }) }} />
      <InspectorModal
        open={adding}
        isAgency={isAgency}
        onClose={() => setAdding(false)}
        onDone={() => {
          setAdding(false);
          list.reload();
        }}
      />
    </Card>
  );
}

function InspectorModal({ open, isAgency, onClose, onDone }: { open: boolean; isAgency: boolean; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<InspectorFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [problems, setProblems] = useState<FieldError[]>([]);
  const submit = async (v: InspectorFormValues) => {
    setBusy(true);
    setError(undefined);
    setProblems([]);
    try {
      await addInspector({
        name: v.name.trim(),
        certificateNo: v.certificateNo.trim(),
        qualification: v.qualification?.trim() || undefined,
        validFrom: day(v.valid?.[0]),
        validTo: day(v.valid?.[1]),
        employedFrom: day(v.employedFrom)!,
        employedTo: day(v.employedTo),
        agencyOrgId: isAgency ? undefined : v.agencyOrgId,
      });
      message.success(t('web.common.saved'));
      onDone();
    } catch (e) {
      const err = e as ApiError;
      setError(err);
      setProblems(applyServerErrors(form, err, { validFrom: 'valid', validTo: 'valid' }));
    } finally {
      setBusy(false);
    }
  };
  const req = (label: string) => [{ required: true, whitespace: true, message: t('web.inspection.upload.required', { label }) }];
  return (
    <Modal open={open} width={640} title={t('web.inspection.inspectors.add')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error.message} description={problems.map((p) => <div key={p.field}>{`${p.field}: ${p.message}`}</div>)} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ qualification: t('web.inspection.inspectors.defaultQualification'), employedFrom: dayjs() }}>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="name" label={t('web.inspection.field.inspectorName')} rules={req(t('web.inspection.field.inspectorName'))}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="certificateNo" label={t('web.inspection.field.certificateNo')} rules={req(t('web.inspection.field.certificateNo'))}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="qualification" label={t('web.inspection.inspectors.qualification')}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="valid" label={t('web.inspection.inspectors.valid')}>
              <DatePicker.RangePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="employedFrom" label={t('web.inspection.inspectors.employedFrom')} rules={[{ required: true, message: t('web.inspection.upload.required', { label: t('web.inspection.inspectors.employedFrom') }) }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="employedTo" label={t('web.inspection.inspectors.employedTo')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        {!isAgency && (
          <Form.Item name="agencyOrgId" label={t('web.inspection.field.agency')} rules={[{ required: true, message: t('web.inspection.upload.required', { label: t('web.inspection.field.agency') }) }]}>
            <AgencySelect />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
