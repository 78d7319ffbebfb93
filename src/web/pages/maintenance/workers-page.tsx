import { Alert, App, Button, Card, DatePicker, Form, Input, Table, Typography } from 'antd';
import { useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { addWorker } from '../../api/maintenance.api.ts';
import type { WorkerSaved } from '../../api/maintenance.types.ts';
import type { Dayjs } from 'dayjs';
import { PageHeader } from '../../components/page-header.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import { t } from '../../i18n.ts';

interface Values {
  name: string;
  certificateNo: string;
  validTo?: Dayjs;
  employedFrom: Dayjs;
  employedTo?: Dayjs;
}

/** `/maintenance/workers` 维保人员: a company registers its workers' certificates (the records are checked against them). */
export default function MaintenanceWorkersPage() {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<WorkerSaved[]>([]);
  const day = (d?: Dayjs) => (d ? d.format('YYYY-MM-DD') : undefined);
  const submit = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      const w = await addWorker({ name: v.name.trim(), certificateNo: v.certificateNo.trim(), validTo: day(v.validTo), employedFrom: day(v.employedFrom)!, employedTo: day(v.employedTo) });
      message.success(t('web.maintenance.workers.saved', { name: w.name, certificateNo: w.certificateNo }));
      setSaved((s) => [w, ...s.filter((x) => x.id !== w.id)]);
      form.resetFields();
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err);
      if (!err.fields.length || rest.length) setError([err.message, ...rest.map((f) => f.message)].join('：'));
    } finally {
      setBusy(false);
    }
  };
  const required = (label: string) => [{ required: true, whitespace: true, message: t('web.elevator.required', { label }) }];
  return (
    <Card>
      <PageHeader title={t('web.maintenance.workers.title')} />
      <Typography.Paragraph type="secondary">{t('web.maintenance.workers.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 480 }} data-testid="worker-form">
        <Form.Item name="name" label={t('web.maintenance.field.name')} rules={required(t('web.maintenance.field.name'))}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="certificateNo" label={t('web.maintenance.field.certificateNo')} rules={required(t('web.maintenance.field.certificateNo'))}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="validTo" label={t('web.maintenance.field.validTo')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="employedFrom" label={t('web.maintenance.field.employedFrom')} rules={[{ required: true, message: t('web.elevator.requiredSelect', { label: t('web.maintenance.field.employedFrom') }) }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="employedTo" label={t('web.maintenance.field.employedTo')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('web.maintenance.workers.add')}
        </Button>
      </Form>
      {saved.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('web.maintenance.workers.recent')}
          </Typography.Title>
          <Table<WorkerSaved>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={saved}
            columns={[
              { key: 'name', title: t('web.maintenance.field.name'), dataIndex: 'name' },
              { key: 'certificateNo', title: t('web.maintenance.field.certificateNo'), dataIndex: 'certificateNo' },
              { key: 'validTo', title: t('web.maintenance.field.validTo'), dataIndex: 'validTo', render: (v: string | null) => v ?? t('web.common.none') },
              { key: 'employedFrom', title: t('web.maintenance.field.employedFrom'), dataIndex: 'employedFrom' },
            ]}
          />
        </>
      )}
    </Card>
  );
}
