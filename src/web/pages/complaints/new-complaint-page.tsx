import { Alert, Button, Card, Checkbox, Form, Input, Radio, Result, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { createComplaint } from '../../api/complaints.api.ts';
import type { ComplaintCategory, ComplaintCreated } from '../../api/complaints.types.ts';
import { COMPLAINT_CATEGORIES } from '../../api/complaints.types.ts';
import type { ApiError, FieldError } from '../../api/http.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { formatDateTime } from '../../components/format.ts';
import { applyServerErrors } from '../../components/form-errors.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { t } from '../../i18n.ts';
import { isContact } from './complaints-logic.ts';

interface Values {
  channel: 'phone' | 'staff';
  code?: string;
  category: ComplaintCategory;
  description: string;
  reporterName?: string;
  contact?: string;
  anonymous?: boolean;
  regionCode?: string;
  address?: string;
}

/**
 * `/complaints/new` 登记投诉举报: a 96333 dispatcher takes a complaint on the phone (or a regulator records one); the
 * result is the tracking code to read out, with both deadlines and the regulator it went to.
 */
export default function NewComplaintPage() {
  const { me, can } = useSession();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [unmatched, setUnmatched] = useState<FieldError[]>([]);
  const [created, setCreated] = useState<ComplaintCreated>();
  const category = Form.useWatch('category', form);
  const anonymous = Form.useWatch('anonymous', form);
  const dispatcher = me?.orgType === 'emergency_center';

  const submit = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    setUnmatched([]);
    try {
      const out = await createComplaint({
        channel: v.channel,
        category: v.category,
        description: v.description,
        anonymous: !!v.anonymous,
        ...(v.code?.trim() ? { code: v.code.trim() } : {}),
        ...(!v.anonymous && v.reporterName?.trim() ? { reporterName: v.reporterName.trim() } : {}),
        ...(!v.anonymous && v.contact?.trim() ? { contact: v.contact.trim() } : {}),
        ...(v.regionCode ? { regionCode: v.regionCode } : {}),
        ...(v.address?.trim() ? { address: v.address.trim() } : {}),
      });
      setCreated(out);
    } catch (e) {
      const err = e as ApiError;
      setUnmatched(applyServerErrors(form, err));
      if (!err.fields.length) setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <Card>
        <Result
          status="success"
          title={<span data-testid="created-code">{t('web.complaints.new.created', { code: created.trackingCode })}</span>}
          subTitle={
            <>
              <div>{t('web.complaints.new.createdHint', { ack: formatDateTime(created.ackDueAt), outcome: formatDateTime(created.outcomeDueAt), regulator: created.regulatorName ?? '' })}</div>
              {created.linkedToId && <div>{t('web.complaints.new.linked', { id: created.linkedToId })}</div>}
            </>
          }
          extra={
            <Space>
              <Button
                type="primary"
                onClick={() => {
                  setCreated(undefined);
                  form.resetFields();
                }}
              >
                {t('web.complaints.new.another')}
              </Button>
              {can('complaints.read') && (
                <Link to={`/complaints?id=${created.id}`}>
                  <Button>{t('web.complaints.new.open')}</Button>
                </Link>
              )}
            </Space>
          }
        />
      </Card>
    );
  }

  return (
    <Card>
      <PageHeader title={t('web.complaints.new.title')} />
      <Typography.Paragraph type="secondary">{t('web.complaints.new.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {unmatched.map((f) => (
        <Alert key={f.field} type="error" showIcon title={f.message} style={{ marginBottom: 12 }} />
      ))}
      <Form<Values> form={form} layout="vertical" style={{ maxWidth: 640 }} initialValues={{ channel: dispatcher ? 'phone' : 'staff', category: 'unsafe' }} onFinish={(v) => void submit(v)}>
        <Form.Item name="channel" label={t('web.complaints.new.channel')}>
          <Radio.Group options={(['phone', 'staff'] as const).map((c) => ({ value: c, label: t(`web.complaints.channel.${c}`) }))} />
        </Form.Item>
        <Form.Item name="category" label={t('web.complaints.field.category')} rules={[{ required: true }]}>
          <Select options={COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: t(`web.complaints.category.${c}`) }))} />
        </Form.Item>
        <Form.Item name="code" label={t('web.complaints.new.code')} extra={t('web.complaints.new.codeHint')}>
          <Input maxLength={40} />
        </Form.Item>
        {category === 'unregistered' && (
          <>
            <Form.Item name="regionCode" label={t('web.complaints.new.region')}>
              <RegionSelect />
            </Form.Item>
            <Form.Item name="address" label={t('web.complaints.new.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
        <Form.Item name="description" label={t('web.complaints.field.description')} rules={[{ required: true, min: 5, whitespace: true, message: t('web.complaints.public.tooShort') }]}>
          <Input.TextArea rows={4} maxLength={1000} showCount />
        </Form.Item>
        <Form.Item name="anonymous" valuePropName="checked">
          <Checkbox>{t('web.complaints.new.anonymous')}</Checkbox>
        </Form.Item>
        {!anonymous && (
          <>
            <Form.Item name="reporterName" label={t('web.complaints.new.reporterName')}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="contact" label={t('web.complaints.new.contact')} rules={[{ validator: async (_, v: string | undefined) => (isContact(v ?? '') ? undefined : Promise.reject(new Error(t('web.complaints.public.invalidContact')))) }]}>
              <Input maxLength={50} />
            </Form.Item>
          </>
        )}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('web.complaints.new.submit')}
        </Button>
      </Form>
    </Card>
  );
}
