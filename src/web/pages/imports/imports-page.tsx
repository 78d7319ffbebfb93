import { Alert, Card, Space } from 'antd';
import { useState } from 'react';
import { listImports } from '../../api/imports.api.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { ImportProgress } from './import-progress.tsx';
import { ImportUpload } from './import-upload.tsx';
import { RecentImports } from './recent-imports.tsx';
import { isActive, useImportJob } from './use-import-job.ts';

/** `/imports`: upload a CSV/XLSX, follow the job live, read the rejected rows, see recent imports. */
export default function ImportsPage() {
  const [currentId, setCurrentId] = useState<string>();
  const recent = useAsync(listImports, []);
  const { job, error } = useImportJob(currentId, recent.reload);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <PageHeader title={t('web.imports.title')} />
        <ImportUpload busy={job !== undefined && isActive(job)} onStarted={(id) => { setCurrentId(id); recent.reload(); }} />
      </Card>
      {error && <Alert type="error" showIcon title={error.message} />}
      {job && <ImportProgress job={job} />}
      <Card title={t('web.imports.recent')}>
        {recent.error && <Alert type="error" showIcon title={recent.error.message} />}
        <RecentImports items={recent.data?.items ?? []} loading={recent.loading} onOpen={setCurrentId} />
      </Card>
    </Space>
  );
}
