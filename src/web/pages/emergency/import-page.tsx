import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space, Typography, Upload, type UploadProps } from 'antd';
import { useState } from 'react';
import { downloadIncidentTemplate, listIncidentImports, startIncidentImport } from '../../api/emergency.api.ts';
import type { ApiError } from '../../api/http.ts';
import { importContentType } from '../../api/imports.api.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { ImportProgress } from '../imports/import-progress.tsx';
import { RecentImports } from '../imports/recent-imports.tsx';
import { isActive, useImportJob } from '../imports/use-import-job.ts';

/**
 * `/emergency/import` 历史导入: a city's past 96333 records (CSV/XLSX) as a job, followed live, with the rejected
 * rows; the registry import's progress and report components, the incident import's endpoints.
 */
export default function EmergencyImportPage() {
  const { message } = App.useApp();
  const [currentId, setCurrentId] = useState<string>();
  const recent = useAsync(listIncidentImports, []);
  const { job, error } = useImportJob(currentId, recent.reload);
  const busy = job !== undefined && isActive(job);

  const customRequest: UploadProps['customRequest'] = async ({ file, onSuccess, onError }) => {
    const f = file as File;
    const type = importContentType(f.name);
    if (!type) {
      message.error(t('web.imports.unsupported'));
      onError?.(new Error(t('web.imports.unsupported')));
      return;
    }
    try {
      const { importId } = await startIncidentImport(f, type);
      onSuccess?.({ importId });
      setCurrentId(importId);
      recent.reload();
    } catch (e) {
      message.error((e as ApiError).message);
      onError?.(e as Error);
    }
  };

  const template = async () => {
    try {
      await downloadIncidentTemplate(t('web.emergency.import.templateFileName'));
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <PageHeader title={t('web.emergency.import.title')} />
        <Upload.Dragger accept=".csv,.xlsx" multiple={false} showUploadList={false} disabled={busy} customRequest={customRequest}>
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('web.emergency.import.uploadTitle')}</p>
          <p className="ant-upload-hint">{t('web.emergency.import.uploadHint')}</p>
        </Upload.Dragger>
        <Space style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('web.imports.templates')}</Typography.Text>
          <Button size="small" icon={<DownloadOutlined />} onClick={() => void template()}>
            {t('web.emergency.import.template')}
          </Button>
        </Space>
      </Card>
      {error && <Alert type="error" showIcon title={error.message} />}
      {job && <ImportProgress job={job} showUpdated={false} warningsLabel={t('web.emergency.import.skipped')} warningsTitle={t('web.emergency.import.skippedTitle')} />}
      <Card title={t('web.emergency.import.recent')}>
        {recent.error && <Alert type="error" showIcon title={recent.error.message} />}
        <RecentImports items={recent.data?.items ?? []} loading={recent.loading} onOpen={setCurrentId} />
      </Card>
    </Space>
  );
}
