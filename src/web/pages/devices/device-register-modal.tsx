import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { createDevice } from '../../api/iot.api.ts';
import type { Device, DeviceInput } from '../../api/iot.types.ts';
import { applyServerErrors } from '../../components/form-errors.ts';
import { t } from '../../i18n.ts';
import { protocolOptions, useIotMeta } from '../iot/use-iot-meta.ts';

interface Props {
  open: boolean;
  onClose: () => void;
  onSaved: (device: Device) => void;
}

const optional = (v: string | undefined) => v?.trim() || undefined;

/** 登记终端: id, protocol, secret and the elevator it is bound to (plus productKey for JTC340, vendor details). */
export function DeviceRegisterModal({ open, onClose, onSaved }: Props) {
  const { message } = App.useApp();
  const meta = useIotMeta();
  const [form] = Form.useForm<DeviceInput>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const protocol = Form.useWatch('protocol', form);

  useEffect(() => {
    if (!open) return;
    setError(undefined);
    form.resetFields();
    form.setFieldsValue({ protocol: 'native' });
  }, [open, form]);

  const save = async (v: DeviceInput) => {
    setBusy(true);
    setError(undefined);
    try {
      const device = await createDevice({
        deviceId: v.deviceId.trim(),
        protocol: v.protocol,
        secret: v.secret,
        registrationCode: v.registrationCode.trim(),
        productKey: optional(v.productKey),
        vendor: optional(v.vendor),
        model: optional(v.model),
        firmware: optional(v.firmware),
      });
      message.success(t('web.devices.registered'));
      onSaved(device);
      onClose();
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err);
      if (rest.length || !err.fields.length) setError([err.message, ...rest.map((r) => `${r.field}: ${r.message}`)].join('；'));
    } finally {
      setBusy(false);
    }
  };

  const required = (label: string) => [{ required: true, whitespace: true, message: t('web.elevator.required', { label }) }];
  return (
    <Modal
      open={open}
      title={t('web.devices.registerTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('web.common.save')}
      okButtonProps={{ loading: busy }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<DeviceInput> form={form} layout="vertical" onFinish={save} autoComplete="off">
        <Form.Item name="deviceId" label={t('web.devices.deviceId')} extra={t('web.devices.deviceIdHint')} rules={required(t('web.devices.deviceId'))}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="protocol" label={t('web.devices.protocol')} rules={[{ required: true, message: t('web.elevator.requiredSelect', { label: t('web.devices.protocol') }) }]}>
          <Select options={protocolOptions(meta)} />
        </Form.Item>
        {protocol === 'jtc340' && (
          <Form.Item name="productKey" label={t('web.devices.productKey')} extra={t('web.devices.productKeyHint')} rules={required(t('web.devices.productKey'))}>
            <Input maxLength={64} />
          </Form.Item>
        )}
        <Form.Item name="secret" label={t('web.devices.secret')} extra={t('web.devices.secretHint')} rules={required(t('web.devices.secret'))}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item
          name="registrationCode"
          label={t('web.devices.registrationCode')}
          extra={t('web.devices.registrationCodeHint')}
          rules={required(t('web.devices.registrationCode'))}
        >
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="vendor" label={t('web.devices.vendor')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="model" label={t('web.devices.model')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="firmware" label={t('web.devices.firmware')}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
