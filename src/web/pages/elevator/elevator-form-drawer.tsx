import { Alert, App, Button, Drawer, Form, Space } from 'antd';
import { useEffect, useState } from 'react';
import { createElevator, updateElevator } from '../../api/elevators.api.ts';
import type { ApiError, FieldError } from '../../api/http.ts';
import type { Elevator } from '../../api/types.ts';
import { applyServerErrors } from '../../components/form-errors.ts';
import { t } from '../../i18n.ts';
import { ElevatorFormFields } from './elevator-form-fields.tsx';
import { toFormValues, toInput, type ElevatorFormValues } from './elevator-form-values.ts';

interface Props {
  open: boolean;
  /** The record being edited; absent when registering a new elevator. */
  elevator?: Elevator;
  onClose: () => void;
  onSaved: (saved: Elevator) => void;
  /** Fetches the latest record after a version conflict. */
  onReload?: () => void;
}

/** Create / edit form in a drawer; the server's field errors appear on the fields. */
export function ElevatorFormDrawer({ open, elevator, onClose, onSaved, onReload }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ElevatorFormValues>();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<FieldError[]>([]);
  const [error, setError] = useState<ApiError>();

  useEffect(() => {
    if (!open) return;
    setProblems([]);
    setError(undefined);
    form.resetFields();
    form.setFieldsValue(elevator ? toFormValues(elevator) : { status: 'IN_USE' });
  }, [open, elevator, form]);

  const save = async (values: ElevatorFormValues) => {
    setBusy(true);
    setProblems([]);
    setError(undefined);
    try {
      const input = toInput(values, elevator?.version);
      const saved = elevator ? await updateElevator(elevator.registrationCode, input) : await createElevator(input);
      message.success(elevator ? t('web.common.saved') : t('web.elevator.created'));
      onSaved(saved);
      onClose();
    } catch (e) {
      const err = e as ApiError;
      setError(err);
      setProblems(applyServerErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  const conflict = error?.code === 'VERSION_CONFLICT';
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={760}
      title={elevator ? t('web.elevator.editTitle') : t('web.elevator.createTitle')}
      extra={
        <Space>
          <Button onClick={onClose}>{t('web.common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            {t('web.common.save')}
          </Button>
        </Space>
      }
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          title={t('web.elevator.versionConflict')}
          action={onReload && <Button size="small" onClick={onReload}>{t('web.elevator.reload')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      {error && !conflict && (
        <Alert
          type="error"
          showIcon
          title={error.message}
          description={problems.length > 0 && problems.map((p) => <div key={p.field + p.message}>{`${p.field}: ${p.message}`}</div>)}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<ElevatorFormValues> form={form} layout="vertical" onFinish={save} scrollToFirstError>
        <ElevatorFormFields editing={Boolean(elevator)} />
      </Form>
    </Drawer>
  );
}
