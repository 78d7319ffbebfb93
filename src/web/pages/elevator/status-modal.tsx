import { Alert, App, DatePicker, Form, Input, Modal, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { changeStatus } from '../../api/elevators.api.ts';
import type { ApiError } from '../../api/http.ts';
import type { Elevator, ElevatorStatus } from '../../api/types.ts';
import { applyServerErrors } from '../../components/form-errors.ts';
import { StatusTag } from '../../components/status-tag.tsx';
import { enumLabel, t } from '../../i18n.ts';
import { mayNeedInspection, TRANSITIONS } from './transitions.ts';

interface Values {
  status: ElevatorStatus;
  reason: string;
  effectiveOn?: Dayjs | null;
  inspectionPassedOn?: Dayjs | null;
}

interface Props {
  elevator: Elevator;
  open: boolean;
  onClose: () => void;
  onChanged: (e: Elevator) => void;
}

/** 变更状态: only the transitions allowed from the current status. */
export function StatusModal({ elevator, open, onClose, onChanged }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const target = Form.useWatch('status', form);
  const allowed = TRANSITIONS[elevator.status];

  useEffect(() => {
    if (!open) return;
    setError(undefined);
    form.resetFields();
  }, [open, form]);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      const saved = await changeStatus(elevator.registrationCode, {
        status: v.status,
        reason: v.reason.trim(),
        effectiveOn: v.effectiveOn?.format('YYYY-MM-DD'),
        inspectionPassedOn: v.inspectionPassedOn?.format('YYYY-MM-DD'),
      });
      message.success(t('web.statusChange.done'));
      onChanged(saved);
      onClose();
    } catch (e) {
      const err = e as ApiError;
      if (err.code === 'RESTART_NEEDS_INSPECTION') form.setFields([{ name: 'inspectionPassedOn', errors: [err.message] }]);
      else if (applyServerErrors(form, err).length > 0 || err.fields.length === 0) setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('web.statusChange.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ disabled: allowed.length === 0, loading: busy }}
      okText={t('web.common.save')}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {allowed.length === 0 && <Alert type="info" showIcon title={t('web.statusChange.noTransition')} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} disabled={allowed.length === 0}>
        <Form.Item label={t('web.statusChange.current')}>
          <StatusTag status={elevator.status} />
        </Form.Item>
        <Form.Item name="status" label={t('web.statusChange.target')} rules={[{ required: true, message: t('web.statusChange.targetRequired') }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={allowed.map((s) => ({ value: s, label: enumLabel('status', s) }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('web.statusChange.reason')} rules={[{ required: true, whitespace: true, message: t('web.statusChange.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
        <Form.Item name="effectiveOn" label={t('web.statusChange.effectiveOn')} extra={t('web.statusChange.effectiveOnHint')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {mayNeedInspection(elevator.status, target) && (
          <Form.Item name="inspectionPassedOn" label={t('web.statusChange.inspectionPassedOn')} extra={t('web.statusChange.inspectionHint')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
