import { Alert, App, Button, Card, Form, Input, Modal, Spin, Switch } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { commend, getCreditFile, publishCreditEvent } from '../../api/credit.api.ts';
import type { ApiError } from '../../api/http.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { CreditFileView } from './credit-file-view.tsx';

/** `/credit/orgs/:creditCode`: one organisation's file; regulators publish events and add commendations. */
export default function CreditFilePage() {
  const { creditCode = '' } = useParams();
  const { message } = App.useApp();
  const { can } = useSession();
  const data = useAsync(() => getCreditFile(creditCode), [creditCode]);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ summary: string; evidenceText?: string; publish: boolean }>();
  const manage = can('credit.manage');
  const fail = (e: unknown) => message.error((e as ApiError).message);
  return (
    <Card>
      <PageHeader title={data.data?.name ?? t('web.credit.file.title')} extra={manage && <Button onClick={() => setOpen(true)}>{t('web.credit.file.commend')}</Button>} />
      {data.error && <Alert type="error" showIcon title={data.error.message} />}
      {data.loading && !data.data && <Spin />}
      {data.data && <CreditFileView file={data.data} onPublish={manage ? (e) => publishCreditEvent(e.id).then(() => { message.success(t('web.credit.event.publishedOk')); data.reload(); }, fail) : undefined} />}
      <Modal title={t('web.credit.file.commend')} open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ publish: true }} onFinish={(v) => commend(creditCode, v).then(() => { setOpen(false); data.reload(); }, fail)}>
          <Form.Item name="summary" label={t('web.credit.file.commendSummary')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="evidenceText" label={t('web.credit.file.commendEvidence')}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="publish" label={t('web.credit.file.commendPublish')} valuePropName="checked"><Switch /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
