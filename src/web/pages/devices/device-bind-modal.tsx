import { Alert, App, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { bindDevice } from '../../api/iot.api.ts';
import type { Device } from '../../api/iot.types.ts';
import { t } from '../../i18n.ts';

interface Props {
  device: Device | undefined;
  onClose: () => void;
  onSaved: (device: Device) => void;
}

/** 绑定 / 改绑: the elevator's registration code. */
export function DeviceBindModal({ device, onClose, onSaved }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ registrationCode: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!device) return;
    setError(undefined);
    form.resetFields();
    form.setFieldsValue({ registrationCode: device.registrationCode ?? '' });
  }, [device, form]);

  const save = async ({ registrationCode }: { registrationCode: string }) => {
    if (!device) return;
    setBusy(true);
    setError(undefined);
    try {
      const saved = await bindDevice(device.deviceId, registrationCode.trim());
      message.success(t('web.devices.bindDone'));
      onSaved(saved);
      onClose();
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };

  const label = t('web.devices.registrationCode');
  return (
    <Modal
      open={device !== undefined}
      title={device && t('web.devices.bindTitle', { deviceId: device.deviceId })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('web.common.save')}
      okButtonProps={{ loading: busy }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={save}>
        <Form.Item name="registrationCode" label={label} extra={t('web.devices.registrationCodeHint')} rules={[{ required: true, whitespace: true, message: t('web.elevator.required', { label }) }]}>
          <Input maxLength={20} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
