import { SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Progress, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { getRecompute, startRecompute } from '../../api/risk.api.ts';
import type { RecomputeStatus } from '../../api/risk.types.ts';
import { t } from '../../i18n.ts';
import { progressPercent } from './risk-logic.ts';

const POLL_MS = 1000;

/**
 * 重新计算全部评分: starts the job and follows its progress every second until it is done or failed. The job id is
 * kept in the URL (`?job=`), so a reload keeps following it; a second start returns the running job.
 */
export function RecomputePanel() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const jobId = params.get('job') ?? undefined;
  const [status, setStatus] = useState<RecomputeStatus>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!jobId) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const s = await getRecompute(jobId);
        if (!live) return;
        setStatus(s);
        if (s.status === 'done') message.success(t('web.risk.model.job.done'));
        if (s.status === 'queued' || s.status === 'running') timer = setTimeout(poll, POLL_MS);
      } catch (e) {
        if (live) setError((e as ApiError).message);
      }
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [jobId]);

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const { jobId: id } = await startRecompute();
      setStatus(undefined);
      const next = new URLSearchParams(params);
      next.set('job', id);
      setParams(next, { replace: true });
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  const running = status?.status === 'queued' || status?.status === 'running' || (jobId !== undefined && !status && !error);

  return (
    <div data-testid="recompute">
      <Space wrap>
        <Button icon={<SyncOutlined spin={running} />} onClick={start} loading={busy} disabled={running}>
          {t('web.risk.model.recompute')}
        </Button>
        <Typography.Text type="secondary">{t('web.risk.model.recomputeHint')}</Typography.Text>
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
      {status && (
        <div style={{ marginTop: 8, maxWidth: 520 }} data-testid="recompute-status" data-status={status.status}>
          <Progress percent={progressPercent(status)} status={status.status === 'failed' ? 'exception' : status.status === 'done' ? 'success' : 'active'} />
          <Typography.Text type={status.status === 'failed' ? 'danger' : 'secondary'}>
            {t(`web.risk.model.job.${status.status}`)} · {t('web.risk.model.progress', { done: status.done, total: status.total, written: status.written })}
            {status.error && ` · ${status.error}`}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}
