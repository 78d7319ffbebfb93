import { Alert, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { createProject } from '../../api/renovation.api.ts';
import { KINDS, type RenovationKind } from '../../api/renovation.types.ts';
import { applyServerErrors } from '../../components/form-errors.ts';
import { t } from '../../i18n.ts';
import { parseCodes } from './renovation-logic.ts';

interface Values {
  kind: RenovationKind;
  title: string;
  codes: string;
  plan: string;
  budget: number;
}

/** 新建改造更新项目: kind, title, the elevators (registration codes, one per line), plan and budget. */
export function CreateProjectModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      const p = await createProject({ kind: v.kind, title: v.title.trim(), registrationCodes: parseCodes(v.codes) ?? [], plan: v.plan.trim(), budget: v.budget });
      onCreated(p.id);
    } catch (e) {
      const err = e as ApiError;
      // registrationCodes.N → the one text area holding them all.
      const rest = applyServerErrors(form, { ...err, fields: err.fields.map((f) => (f.field.startsWith('registrationCodes') ? { ...f, field: 'codes' } : f)) } as ApiError);
      if (!err.fields.length || rest.length) setError([err.message, ...rest.map((f) => f.message)].join('：'));
    } finally {
      setBusy(false);
    }
  };
  const required = (label: string) => ({ required: true, whitespace: true, message: t('web.elevator.required', { label }) });
  return (
    <Modal open={open} title={t('web.renovation.list.createTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden width={640}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="kind" label={t('web.renovation.field.kind')} rules={[{ required: true, message: t('web.elevator.requiredSelect', { label: t('web.renovation.field.kind') }) }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(`web.renovation.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('web.renovation.field.title')} rules={[required(t('web.renovation.field.title'))]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="codes"
          label={t('web.renovation.field.registrationCodes')}
          extra={t('web.renovation.list.codesHint')}
          rules={[{ required: true, validator: async (_, v: string | undefined) => (parseCodes(v ?? '') ? undefined : Promise.reject(new Error(t('web.renovation.list.codesInvalid')))) }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="plan" label={t('web.renovation.field.plan')} rules={[required(t('web.renovation.field.plan'))]}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="budget" label={t('web.renovation.field.budget')} rules={[{ required: true, message: t('web.elevator.required', { label: t('web.renovation.field.budget') }) }]}>
          <InputNumber min={0.01} max={1e10} precision={2} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
