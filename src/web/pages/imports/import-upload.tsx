import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { App, Button, Space, Typography, Upload, type UploadProps } from 'antd';
import { downloadTemplate, importContentType, startImport } from '../../api/imports.api.ts';
import type { ApiError } from '../../api/http.ts';
import { t } from '../../i18n.ts';

/** Upload area (the file goes as the raw request body) and the template downloads. */
export function ImportUpload({ onStarted, busy }: { onStarted: (importId: string) => void; busy: boolean }) {
  const { message } = App.useApp();

  const customRequest: UploadProps['customRequest'] = async ({ file, onSuccess, onError }) => {
    const f = file as File;
    const type = importContentType(f.name);
    if (!type) {
      message.error(t('web.imports.unsupported'));
      onError?.(new Error(t('web.imports.unsupported')));
      return;
    }
    try {
      const { importId } = await startImport(f, type);
      onSuccess?.({ importId });
      onStarted(importId);
    } catch (e) {
      message.error((e as ApiError).message);
      onError?.(e as Error);
    }
  };

  const template = async (format: 'csv' | 'xlsx') => {
    try {
      await downloadTemplate(format, t('web.imports.templateFileName'));
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  return (
    <>
      <Upload.Dragger
        accept=".csv,.xlsx"
        multiple={false}
        showUploadList={false}
        disabled={busy}
        customRequest={customRequest}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('web.imports.uploadTitle')}</p>
        <p className="ant-upload-hint">{t('web.imports.uploadHint')}</p>
      </Upload.Dragger>
      <Space style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">{t('web.imports.templates')}</Typography.Text>
        <Button size="small" icon={<DownloadOutlined />} onClick={() => void template('csv')}>
          {t('web.imports.templateCsv')}
        </Button>
        <Button size="small" icon={<DownloadOutlined />} onClick={() => void template('xlsx')}>
          {t('web.imports.templateXlsx')}
        </Button>
      </Space>
    </>
  );
}
