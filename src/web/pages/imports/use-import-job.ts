import { useEffect, useState } from 'react';
import { getImport } from '../../api/imports.api.ts';
import type { ApiError } from '../../api/http.ts';
import type { ImportJob } from '../../api/types.ts';

/** A job still to finish. */
export function isActive(job: Pick<ImportJob, 'status'>): boolean {
  return job.status === 'queued' || job.status === 'running';
}

/** How often a running job is polled. */
export const POLL_MS = 700;

/** Follows an import job: polls while it runs, stops when it is done or failed (or the id changes). */
export function useImportJob(id: string | undefined, onFinished?: (job: ImportJob) => void) {
  const [job, setJob] = useState<ImportJob>();
  const [error, setError] = useState<ApiError>();

  useEffect(() => {
    setJob(undefined);
    setError(undefined);
    if (!id) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await getImport(id);
        if (!live) return;
        setJob(next);
        if (isActive(next)) timer = setTimeout(poll, POLL_MS);
        else onFinished?.(next);
      } catch (e) {
        if (live) setError(e as ApiError);
      }
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // onFinished is a notification only; a new callback identity must not restart polling.
  }, [id]);

  return { job, error };
}
