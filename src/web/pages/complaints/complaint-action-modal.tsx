import { Alert, App, Checkbox, DatePicker, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { actOnComplaint } from '../../api/complaints.api.ts';
import type { ComplaintAction, ComplaintDetail } from '../../api/complaints.types.ts';
import type { ApiError, FieldError } from '../../api/http.ts';
import type { dayjs } from '../../components/format.ts';
import { applyServerErrors } from '../../components/form-errors.ts';
import { OrgSelect } from '../../components/org-select.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { t } from '../../i18n.ts';

interface Values {
  note: string;
  resultText?: string;
  regionCode?: string;
  responsibleOrgId?: number;
  raiseHazard?: boolean;
  hazard?: { item: string; severity: 'serious' | 'general'; deadline?: dayjs.Dayjs };
}

/**
 * One step on a complaint: an internal note always; confirm / dismiss the answer the reporter reads (and for confirm
 * optionally the responsible organisation and a hazard to raise); transfer the target region. The server decides
 * again and its Chinese messages are shown next to the fields they name.
 */
export function ComplaintActionModal({ complaint, action, onClose, onDone }: { complaint?: ComplaintDetail; action?: ComplaintAction; onClose: () => void; onDone: (c: ComplaintDetail) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [unmatched, setUnmatched] = useState<FieldError[]>([]);
  const raiseHazard = Form.useWatch('raiseHazard', form);
  const open = complaint !== undefined && action !== undefined;
  const label = action ? t(`web.complaints.action.${action}`) : '';
  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(undefined);
      setUnmatched([]);
    }
  }, [open, form]);

  const submit = async () => {
    if (!complaint || !action) return;
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const saved = await actOnComplaint(complaint.id, {
        action,
        note: v.note,
        version: complaint.version,
        ...(v.resultText ? { resultText: v.resultText } : {}),
        ...(v.regionCode ? { regionCode: v.regionCode } : {}),
        ...(v.responsibleOrgId ? { responsibleOrgId: v.responsibleOrgId } : {}),
        ...(action === 'confirm' && v.raiseHazard && v.hazard ? { hazard: { item: v.hazard.item, severity: v.hazard.severity, ...(v.hazard.deadline ? { deadline: v.hazard.deadline.format('YYYY-MM-DD') } : {}) } } : {}),
      });
      message.success(t('web.complaints.form.done', { action: label }));
      onDone(saved);
    } catch (e) {
      const err = e as ApiError;
      setUnmatched(applyServerErrors(form, err));
      if (!err.fields.length) setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  const decides = action === 'confirm' || action === 'dismiss';
  return (
    <Modal open={open} title={label} okText={label} confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {unmatched.map((f) => (
        <Alert key={f.field} type="error" showIcon title={f.message} style={{ marginBottom: 12 }} />
      ))}
      <Form form={form} layout="vertical" initialValues={{ hazard: { severity: 'general' } }}>
        {action === 'transfer' && (
          <Form.Item name="regionCode" label={t('web.complaints.form.region')} rules={[{ required: true, message: t('web.complaints.form.region') }]}>
            <RegionSelect />
          </Form.Item>
        )}
        {decides && (
          <Form.Item name="resultText" label={t('web.complaints.form.resultText')} extra={t('web.complaints.form.resultHint')} rules={[{ required: true, message: t('web.complaints.form.resultText') }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        )}
        {action === 'confirm' && (
          <>
            <Form.Item name="responsibleOrgId" label={t('web.complaints.form.responsible')}>
              <OrgSelect initialLabel={complaint?.responsibleOrg?.name} />
            </Form.Item>
            {complaint?.elevator && (
              <Form.Item name="raiseHazard" valuePropName="checked">
                <Checkbox>{t('web.complaints.form.raiseHazard')}</Checkbox>
              </Form.Item>
            )}
            {raiseHazard && (
              <>
                <Form.Item name={['hazard', 'item']} label={t('web.complaints.form.hazardItem')} rules={[{ required: true, message: t('web.complaints.form.hazardItem') }]}>
                  <Input maxLength={100} />
                </Form.Item>
                <Form.Item name={['hazard', 'severity']} label={t('web.complaints.form.hazardSeverity')}>
                  <Select options={(['serious', 'general'] as const).map((s) => ({ value: s, label: t(`web.complaints.form.severity.${s}`) }))} />
                </Form.Item>
                <Form.Item name={['hazard', 'deadline']} label={t('web.complaints.form.hazardDeadline')}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </>
            )}
          </>
        )}
        <Form.Item name="note" label={t('web.complaints.form.note')} rules={[{ required: true, whitespace: true, message: t('web.complaints.form.note') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
