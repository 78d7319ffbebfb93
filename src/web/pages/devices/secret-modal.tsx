import { Alert, Button, Modal, Typography } from 'antd';
import { t } from '../../i18n.ts';

/** The new secret after 更换密钥, shown this once with a copy button. */
export function SecretModal({ shown, onClose }: { shown: { deviceId: string; secret: string } | undefined; onClose: () => void }) {
  return (
    <Modal
      open={shown !== undefined}
      title={shown && t('web.devices.rotateTitle', { deviceId: shown.deviceId })}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('web.common.close')}</Button>}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('web.devices.rotateOnce')} style={{ marginBottom: 16 }} />
      {shown && (
        <Typography.Paragraph
          code
          copyable={{ text: shown.secret, tooltips: [t('web.devices.copy'), t('web.devices.copied')] }}
          style={{ fontSize: 16 }}
          data-testid="device-secret"
        >
          {shown.secret}
        </Typography.Paragraph>
      )}
    </Modal>
  );
}
