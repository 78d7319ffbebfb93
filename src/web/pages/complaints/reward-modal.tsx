import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { decideReward } from '../../api/complaints.api.ts';
import type { ComplaintDetail, RewardAction } from '../../api/complaints.types.ts';
import type { ApiError, FieldError } from '../../api/http.ts';
import { dayjs } from '../../components/format.ts';
import { applyServerErrors } from '../../components/form-errors.ts';
import { t } from '../../i18n.ts';

interface Values {
  amount?: number;
  note?: string;
  paidOn?: dayjs.Dayjs;
  method?: 'bank' | 'cash' | 'other';
  reference?: string;
}

/** 有奖举报: grant with an amount (the user is recorded as approver), refuse with a reason, or record the payment. */
export function RewardModal({ complaint, action, onClose, onDone }: { complaint?: ComplaintDetail; action?: RewardAction; onClose: () => void; onDone: (c: ComplaintDetail) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [unmatched, setUnmatched] = useState<FieldError[]>([]);
  const open = complaint !== undefined && action !== undefined;
  const label = action ? t(`web.complaints.reward.${action}`) : '';
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(action === 'pay' ? { amount: complaint?.reward?.amount ?? undefined, paidOn: dayjs(), method: 'bank' } : {});
      setError(undefined);
      setUnmatched([]);
    }
  }, [open, form, action, complaint]);

  const submit = async () => {
    if (!complaint || !action) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      const saved = await decideReward(complaint.id, {
        action,
        ...(v.amount !== undefined && v.amount !== null ? { amount: v.amount } : {}),
        ...(v.note ? { note: v.note } : {}),
        ...(v.paidOn ? { paidOn: v.paidOn.format('YYYY-MM-DD') } : {}),
        ...(v.method ? { method: v.method } : {}),
        ...(v.reference ? { reference: v.reference } : {}),
      });
      message.success(t('web.complaints.reward.saved'));
      onDone(saved);
    } catch (e) {
      const err = e as ApiError;
      setUnmatched(applyServerErrors(form, err));
      if (!err.fields.length) setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={label} okText={label} confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {unmatched.map((f) => (
        <Alert key={f.field} type="error" showIcon title={f.message} style={{ marginBottom: 12 }} />
      ))}
      <Form form={form} layout="vertical">
        {action !== 'refuse' && (
          <Form.Item name="amount" label={action === 'pay' ? t('web.complaints.reward.paidAmount') : t('web.complaints.reward.amount')} rules={[{ required: action === 'grant', message: t('web.complaints.reward.amount') }]}>
            <InputNumber min={0} max={1_000_000} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        )}
        {action === 'pay' && (
          <>
            <Form.Item name="paidOn" label={t('web.complaints.reward.paidOn')} rules={[{ required: true, message: t('web.complaints.reward.paidOn') }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="method" label={t('web.complaints.reward.method')} rules={[{ required: true, message: t('web.complaints.reward.method') }]}>
              <Select options={(['bank', 'cash', 'other'] as const).map((m) => ({ value: m, label: t(`web.complaints.reward.methods.${m}`) }))} />
            </Form.Item>
            <Form.Item name="reference" label={t('web.complaints.reward.reference')}>
              <Input maxLength={100} />
            </Form.Item>
          </>
        )}
        <Form.Item name="note" label={t('web.complaints.reward.note')} rules={[{ required: action === 'refuse', message: t('web.complaints.reward.note') }]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
