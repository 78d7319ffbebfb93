import { Alert, App, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { ackAlarm, assignAlarm, clearAlarm } from '../../api/iot.api.ts';
import type { Alarm } from '../../api/iot.types.ts';
import { applyServerErrors } from '../../components/form-errors.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { UserPicker } from './user-picker.tsx';

export type AlarmActionKind = 'ack' | 'clear' | 'assign';

interface Values {
  comment?: string;
  reason?: string;
  userId?: number;
}

const TITLES: Record<AlarmActionKind, MessageKey> = { ack: 'web.alarms.ack', clear: 'web.alarms.clearTitle', assign: 'web.alarms.assignTitle' };
const DONE: Record<AlarmActionKind, MessageKey> = { ack: 'web.alarms.ackDone', clear: 'web.alarms.clearDone', assign: 'web.alarms.assignDone' };

interface Props {
  alarmId: number;
  kind: AlarmActionKind | undefined;
  onClose: () => void;
  onDone: (alarm: Alarm) => void;
}

/** 确认 (optional note), 解除 (reason required) and 指派 (a user) of one alarm. */
export function AlarmActionModal({ alarmId, kind, onClose, onDone }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!kind) return;
    setError(undefined);
    form.resetFields();
  }, [kind, form]);

  const submit = async (v: Values) => {
    if (!kind) return;
    setBusy(true);
    setError(undefined);
    try {
      const alarm =
        kind === 'ack'
          ? await ackAlarm(alarmId, v.comment?.trim() || undefined)
          : kind === 'clear'
            ? await clearAlarm(alarmId, (v.reason ?? '').trim())
            : await assignAlarm(alarmId, v.userId!);
      message.success(t(DONE[kind]));
      onDone(alarm);
      onClose();
    } catch (e) {
      const err = e as ApiError;
      if (applyServerErrors(form, err).length > 0 || err.fields.length === 0) setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={kind !== undefined}
      title={kind && t(TITLES[kind])}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('web.alarms.submit')}
      okButtonProps={{ loading: busy }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        {kind === 'ack' && (
          <Form.Item name="comment" label={t('web.alarms.ackComment')}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        )}
        {kind === 'clear' && (
          <Form.Item name="reason" label={t('web.alarms.clearReason')} rules={[{ required: true, whitespace: true, message: t('web.alarms.clearReasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        )}
        {kind === 'assign' && (
          <Form.Item name="userId" label={t('web.alarms.assignUser')} rules={[{ required: true, message: t('web.alarms.assignRequired') }]}>
            <UserPicker />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
