import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Spin, Upload, type UploadProps } from 'antd';
import { useEffect, useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { downloadDeviceTemplate, importDevices } from '../../api/iot.api.ts';
import type { DeviceImportResult } from '../../api/iot.types.ts';
import { t } from '../../i18n.ts';
import { DeviceImportResultView } from './device-import-result.tsx';

interface Props {
  open: boolean;
  onClose: () => void;
  /** Something was registered: reload the list. */
  onImported: () => void;
}

/** 批量导入: upload a CSV (sent as the raw body), then the created count and the refused lines. */
export function DeviceImportModal({ open, onClose, onImported }: Props) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<DeviceImportResult>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (open) {
      setResult(undefined);
      setError(undefined);
    }
  }, [open]);

  const customRequest: UploadProps['customRequest'] = async ({ file, onSuccess, onError }) => {
    const f = file as File;
    if (!f.name.toLowerCase().endsWith('.csv')) {
      setError(t('web.devices.importUnsupported'));
      onError?.(new Error(t('web.devices.importUnsupported')));
      return;
    }
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const r = await importDevices(f);
      setResult(r);
      onSuccess?.(r);
      if (r.created > 0) onImported();
    } catch (e) {
      setError((e as ApiError).message);
      onError?.(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const template = async () => {
    try {
      await downloadDeviceTemplate(t('web.devices.templateFileName'));
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  return (
    <Modal open={open} title={t('web.devices.importTitle')} onCancel={onClose} footer={null} width={720} destroyOnHidden>
      <Spin spinning={busy}>
        <Upload.Dragger accept=".csv,text/csv" multiple={false} showUploadList={false} disabled={busy} customRequest={customRequest}>
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('web.devices.importUpload')}</p>
          <p className="ant-upload-hint">{t('web.devices.importHint')}</p>
        </Upload.Dragger>
      </Spin>
      <Button type="link" icon={<DownloadOutlined />} style={{ paddingLeft: 0, marginTop: 8 }} onClick={() => void template()}>
        {t('web.devices.template')}
      </Button>
      {error && <Alert type="error" showIcon title={error} style={{ margin: '12px 0' }} />}
      {result && <DeviceImportResultView result={result} />}
    </Modal>
  );
}
