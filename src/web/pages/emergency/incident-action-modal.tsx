import { Alert, App, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { actOnIncident } from '../../api/emergency.api.ts';
import type { ActionInput, Cause, IncidentAction, IncidentDetail } from '../../api/emergency.types.ts';
import { CAUSES } from '../../api/emergency.types.ts';
import type { ApiError } from '../../api/http.ts';
import { applyServerErrors } from '../../components/form-errors.ts';
import { enumLabel, t } from '../../i18n.ts';
import { actionLabel, tierLabel } from './timeline.ts';

interface Values {
  tier?: number;
  cause?: Cause;
  rescued?: number | null;
  injured?: number | null;
  note?: string;
}

/** Tiers a dispatch may name: any at first, only higher ones when escalating. */
export function tierOptions(current: number | null, status: string): number[] {
  return [1, 2, 3].filter((tier) => status === 'received' || current === null || tier > current);
}

/** The request body for an action from the form's values (blank fields left out). */
export function actionInput(action: IncidentAction, v: Values): ActionInput {
  const out: ActionInput = { action };
  if (action === 'dispatch' && v.tier) out.tier = v.tier;
  if (action === 'close' && v.cause) out.cause = v.cause;
  if ((action === 'rescue' || action === 'close') && typeof v.rescued === 'number') out.rescued = v.rescued;
  if ((action === 'rescue' || action === 'close') && typeof v.injured === 'number') out.injured = v.injured;
  const note = v.note?.trim();
  if (note && (action === 'decline' || action === 'close' || action === 'cancel')) out.note = note;
  return out;
}

interface Props {
  incident: IncidentDetail;
  action: IncidentAction | undefined;
  onClose: () => void;
  onDone: (detail: IncidentDetail) => void;
}

/** The form behind an action button: 派单 (tier), 拒单 (reason), 解救 (counts), 结案 (cause, counts, remark), 取消 (reason). */
export function IncidentActionModal({ incident, action: requested, onClose, onDone }: Props) {
  const { message } = App.useApp();
  // The last action asked for stays on screen while the dialog fades out (no empty title, no jumping fields).
  const last = useRef(requested);
  if (requested) last.current = requested;
  const action = requested ?? last.current;
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const needsCause = incident.type === 'trapped' || incident.type === 'fault';

  useEffect(() => {
    if (!requested) return;
    setError(undefined);
    form.resetFields();
    if (action === 'rescue' || action === 'close') form.setFieldsValue({ rescued: incident.rescued ?? incident.trapped ?? undefined, injured: incident.injured ?? undefined });
  }, [requested, form, incident.rescued, incident.trapped, incident.injured]);

  const submit = async (v: Values) => {
    if (!requested || !action) return;
    setBusy(true);
    setError(undefined);
    try {
      const detail = await actOnIncident(incident.id, actionInput(action, v));
      message.success(t('web.emergency.drawer.actionDone', { action: enumLabel('incidentAction', action) }));
      onDone(detail);
      onClose();
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err);
      if (rest.length || !err.fields.length) setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  const label = action ? actionLabel(action, incident.status !== 'received') : '';
  const counts = action === 'rescue' || (action === 'close' && incident.type === 'trapped');
  return (
    <Modal
      open={requested !== undefined}
      title={t('web.emergency.action.title', { action: label })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={label || t('web.emergency.action.submit')}
      okButtonProps={{ loading: busy, danger: action === 'cancel' || action === 'decline' }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        {(action === 'accept' || action === 'depart' || action === 'arrive') && <Typography.Paragraph>{t('web.emergency.action.confirm', { action: label })}</Typography.Paragraph>}
        {action === 'dispatch' && (
          <Form.Item name="tier" label={t('web.emergency.action.tier')}>
            <Select
              allowClear
              placeholder={t('web.emergency.action.tierAuto')}
              options={tierOptions(incident.tier, incident.status).map((tier) => ({ value: tier, label: tierLabel(tier) }))}
            />
          </Form.Item>
        )}
        {action === 'close' && needsCause && (
          <Form.Item name="cause" label={t('web.emergency.action.cause')} rules={[{ required: true, message: t('web.emergency.action.causeRequired') }]}>
            <Select options={CAUSES.map((c) => ({ value: c, label: enumLabel('cause', c) }))} />
          </Form.Item>
        )}
        {counts && (
          <>
            <Form.Item name="rescued" label={t('web.emergency.action.rescued')}>
              <InputNumber min={0} max={100} precision={0} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="injured" label={t('web.emergency.action.injured')}>
              <InputNumber min={0} max={100} precision={0} style={{ width: 160 }} />
            </Form.Item>
          </>
        )}
        {action === 'decline' && (
          <Form.Item name="note" label={t('web.emergency.action.declineNote')}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        )}
        {action === 'close' && (
          <Form.Item name="note" label={t('web.emergency.action.remark')}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        )}
        {action === 'cancel' && (
          <Form.Item name="note" label={t('web.emergency.action.cancelNote')} rules={[{ required: true, whitespace: true, message: t('web.emergency.action.cancelRequired') }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
