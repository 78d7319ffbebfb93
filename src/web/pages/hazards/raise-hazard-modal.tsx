import { Alert, App, DatePicker, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { raiseHazard } from '../../api/hazards.api.ts';
import type { Hazard, HazardInput } from '../../api/hazards.types.ts';
import { REMEDIES } from '../../api/hazards.types.ts';
import type { ApiError, FieldError } from '../../api/http.ts';
import { dayjs } from '../../components/format.ts';
import { applyServerErrors } from '../../components/form-errors.ts';
import { t } from '../../i18n.ts';
import { remedyLabel, sourceLabel } from './hazard-bits.tsx';

type Values = Omit<HazardInput, 'deadline'> & { deadline?: dayjs.Dayjs };

/** 登记隐患: a regulator records a hazard found on a supervision check or confirmed from a complaint. */
export function RaiseHazardModal({ open, registrationCode, onClose, onDone }: { open: boolean; registrationCode?: string; onClose: () => void; onDone: (h: Hazard) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [unmatched, setUnmatched] = useState<FieldError[]>([]);
  const submit = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    setUnmatched([]);
    try {
      const saved = await raiseHazard({
        registrationCode: v.registrationCode.trim(),
        source: v.source,
        sourceRef: v.sourceRef?.trim() || undefined,
        item: v.item.trim(),
        description: v.description.trim(),
        severity: v.severity,
        remedy: v.remedy,
        deadline: v.deadline?.format('YYYY-MM-DD'),
      });
      message.success(t('web.hazards.raise.created', { id: saved.id }));
      onDone(saved);
    } catch (e) {
      const err = e as ApiError;
      setError(err.message);
      setUnmatched(applyServerErrors(form, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('web.hazards.raise.title')} onCancel={onClose} onOk={() => form.submit()} okText={t('web.hazards.raise.button')} confirmLoading={busy} destroyOnHidden width={600}>
      <Typography.Paragraph type="secondary">{t('web.hazards.raise.intro')}</Typography.Paragraph>
      {error && (
        <Alert type="error" showIcon title={error} description={unmatched.length ? unmatched.map((f) => <div key={f.field}>{f.message}</div>) : undefined} style={{ marginBottom: 12 }} data-testid="raise-error" />
      )}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ registrationCode, source: 'supervision', remedy: 'repair' }}>
        <Form.Item name="registrationCode" label={t('web.hazards.raise.registrationCode')} rules={[{ required: true, whitespace: true, message: t('web.hazards.raise.codeRequired') }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="source" label={t('web.hazards.raise.source')}>
          <Radio.Group options={(['supervision', 'complaint'] as const).map((s) => ({ value: s, label: sourceLabel(s) }))} />
        </Form.Item>
        <Form.Item name="sourceRef" label={t('web.hazards.raise.sourceRef')}>
          <Input maxLength={100} placeholder={t('web.hazards.raise.sourceRefPlaceholder')} />
        </Form.Item>
        <Form.Item name="item" label={t('web.hazards.raise.item')} rules={[{ required: true, whitespace: true, message: t('web.hazards.raise.itemRequired') }]}>
          <Input maxLength={100} placeholder={t('web.hazards.raise.itemPlaceholder')} />
        </Form.Item>
        <Form.Item name="description" label={t('web.hazards.raise.description')} rules={[{ required: true, whitespace: true, message: t('web.hazards.raise.descriptionRequired') }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item name="severity" label={t('web.hazards.raise.severity')} rules={[{ required: true, message: t('web.hazards.raise.severityRequired') }]}>
          <Radio.Group
            options={(['serious', 'general'] as const).map((s) => ({ value: s, label: t(`web.hazards.severity.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="remedy" label={t('web.hazards.raise.remedy')}>
          <Select options={REMEDIES.map((r) => ({ value: r, label: remedyLabel(r) }))} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="deadline" label={t('web.hazards.raise.deadline')} extra={t('web.hazards.raise.deadlineHint')}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
