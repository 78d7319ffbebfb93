import { Alert, Card, Col, Progress, Row, Statistic, Tag, Typography } from 'antd';
import type { ImportJob } from '../../api/types.ts';
import { enumLabel, t } from '../../i18n.ts';
import { RowProblemsTable } from './row-problems-table.tsx';
import { isActive } from './use-import-job.ts';

const STATUS_COLOR = { queued: 'default', running: 'processing', done: 'success', failed: 'error' } as const;

/** Percent done; null while the file is still being counted (`total` 0). */
export function percentOf(job: Pick<ImportJob, 'processed' | 'total' | 'status'>): number | null {
  if (!isActive(job)) return 100;
  if (job.total <= 0) return null;
  return Math.min(100, Math.floor((job.processed / job.total) * 100));
}

function Truncated({ shown, count }: { shown: number; count: number }) {
  if (count <= shown) return null;
  return <Typography.Paragraph type="secondary">{t('web.imports.truncated', { shown, count })}</Typography.Paragraph>;
}

interface Options {
  /** Kinds of import without updates (incident history: a row is new or skipped) leave the 更新 count out. */
  showUpdated?: boolean;
  /** What the job's warnings are for this kind of import (incident history: rows imported before, skipped). */
  warningsLabel?: string;
  warningsTitle?: string;
}

/** A job's progress, then its summary and the rejected and warned rows. */
export function ImportProgress({ job, showUpdated = true, warningsLabel, warningsTitle }: { job: ImportJob } & Options) {
  const percent = percentOf(job);
  return (
    <Card
      size="small"
      title={
        <>
          {job.fileName} <Tag color={STATUS_COLOR[job.status]}>{enumLabel('importStatus', job.status)}</Tag>
        </>
      }
    >
      {isActive(job) && (
        <>
          <Progress percent={percent ?? 0} status="active" showInfo={percent !== null} />
          <Typography.Text type="secondary">
            {percent === null ? t('web.imports.counting') : t('web.imports.progress', { processed: job.processed, total: job.total })}
          </Typography.Text>
        </>
      )}
      {job.status === 'failed' && <Alert type="error" showIcon title={t('web.imports.failed', { error: job.error ?? '' })} />}
      {!isActive(job) && (
        <Row gutter={16} style={{ marginTop: 8 }}>
          <Col span={showUpdated ? 4 : 6}><Statistic title={t('web.imports.summaryTotal')} value={job.total} /></Col>
          <Col span={showUpdated ? 5 : 6}><Statistic title={t('web.imports.summaryImported')} value={job.imported} styles={{ content: { color: '#389e0d' } }} /></Col>
          {showUpdated && <Col span={5}><Statistic title={t('web.imports.summaryUpdated')} value={job.updated} styles={{ content: { color: '#1677ff' } }} /></Col>}
          <Col span={showUpdated ? 5 : 6}><Statistic title={t('web.imports.summaryRejected')} value={job.rejectedCount} styles={{ content: { color: job.rejectedCount ? '#cf1322' : undefined } }} /></Col>
          <Col span={showUpdated ? 5 : 6}><Statistic title={warningsLabel ?? t('web.imports.summaryWarnings')} value={job.warningCount} styles={{ content: { color: job.warningCount ? '#d48806' : undefined } }} /></Col>
        </Row>
      )}
      {job.rejected.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('web.imports.rejectedTitle')}</Typography.Title>
          <Truncated shown={job.rejected.length} count={job.rejectedCount} />
          <RowProblemsTable rows={job.rejected} testId="rejected-rows" />
        </>
      )}
      {job.warnings.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>{warningsTitle ?? t('web.imports.warningsTitle')}</Typography.Title>
          <Truncated shown={job.warnings.length} count={job.warningCount} />
          <RowProblemsTable rows={job.warnings} testId="warning-rows" />
        </>
      )}
    </Card>
  );
}
