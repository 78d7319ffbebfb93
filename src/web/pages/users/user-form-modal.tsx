import { Alert, App, Form, Input, Modal, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import type { User } from '../../api/types.ts';
import { createUser, updateUser } from '../../api/users.api.ts';
import { applyServerErrors } from '../../components/form-errors.ts';
import { OrgSelect } from '../../components/org-select.tsx';
import { enumOptions, t } from '../../i18n.ts';

interface Values {
  username: string;
  displayName: string;
  orgId: number;
  roles: string[];
  phone?: string;
  password?: string;
  active: boolean;
}

interface Props {
  open: boolean;
  user?: User;
  onClose: () => void;
  onSaved: () => void;
}

/** Create a user, or edit name, roles, phone, status and reset the password. */
export function UserFormModal({ open, user, onClose, onSaved }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!open) return;
    setError(undefined);
    form.resetFields();
    form.setFieldsValue(user ? { ...user, phone: user.phone ?? undefined, password: undefined } : { roles: [], active: true });
  }, [open, user, form]);

  const save = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      const phone = v.phone?.trim() || null;
      if (user) {
        await updateUser(user.id, { displayName: v.displayName.trim(), roles: v.roles, phone, active: v.active, password: v.password || undefined });
      } else {
        await createUser({ username: v.username.trim(), displayName: v.displayName.trim(), orgId: v.orgId, roles: v.roles, phone, password: v.password ?? '' });
      }
      message.success(t('web.common.saved'));
      onSaved();
      onClose();
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err);
      if (rest.length || !err.fields.length) setError([err.message, ...rest.map((r) => `${r.field}: ${r.message}`)].join('；'));
    } finally {
      setBusy(false);
    }
  };

  const required = (label: string) => [{ required: true, message: t('web.elevator.required', { label }) }];
  const chosen = (label: string) => [{ required: true, message: t('web.elevator.requiredSelect', { label }) }];
  return (
    <Modal
      open={open}
      title={user ? t('web.users.editTitle') : t('web.users.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('web.common.save')}
      okButtonProps={{ loading: busy }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={save}>
        <Form.Item name="username" label={t('web.users.username')} rules={user ? undefined : required(t('web.users.username'))}>
          <Input disabled={Boolean(user)} autoComplete="off" maxLength={32} />
        </Form.Item>
        <Form.Item name="displayName" label={t('web.users.displayName')} rules={required(t('web.users.displayName'))}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="orgId" label={t('web.users.org')} rules={user ? undefined : chosen(t('web.users.org'))}>
          <OrgSelect placeholder={t('web.users.orgPlaceholder')} style={{ width: '100%' }} initialLabel={user?.orgName} disabled={Boolean(user)} />
        </Form.Item>
        <Form.Item name="roles" label={t('web.users.roles')} rules={chosen(t('web.users.roles'))}>
          <Select mode="multiple" options={enumOptions('role')} />
        </Form.Item>
        <Form.Item name="phone" label={t('web.users.phone')}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item
          name="password"
          label={user ? t('web.users.newPassword') : t('web.users.password')}
          extra={user ? t('web.users.newPasswordHint') : t('web.users.passwordHint')}
          rules={[...(user ? [] : required(t('web.users.password'))), { min: 8, message: t('web.users.passwordHint') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {user && (
          <Form.Item name="active" label={t('web.users.status')} valuePropName="checked">
            <Switch checkedChildren={t('web.common.active')} unCheckedChildren={t('web.common.inactive')} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
