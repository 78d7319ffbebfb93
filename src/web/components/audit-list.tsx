import { Alert, Button, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { listAudit, type AuditQuery } from '../api/audit.api.ts';
import type { ApiError } from '../api/http.ts';
import type { AuditEntry } from '../api/types.ts';
import { enumLabel, t } from '../i18n.ts';
import { diffEntries, showValue, type Change } from './audit-diff.ts';
import { formatDateTime } from './format.ts';

const PAGE = 50;

function Changes({ entry }: { entry: AuditEntry }) {
  const changes = diffEntries(entry.before, entry.after);
  const columns: TableColumnsType<Change> = [
    { key: 'field', title: t('web.audit.field'), dataIndex: 'field', width: 200 },
    { key: 'before', title: t('web.audit.before'), dataIndex: 'before', render: showValue },
    { key: 'after', title: t('web.audit.after'), dataIndex: 'after', render: showValue },
  ];
  return <Table<Change> rowKey="field" size="small" pagination={false} columns={columns} dataSource={changes} />;
}

/** Audit entries for a filter, newest first, with "load more" (beforeId) and per-entry changes. */
export function AuditList({ filter }: { filter: Pick<AuditQuery, 'entityType' | 'entityId'> }) {
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [loading, setLoading] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiError>();

  const load = useCallback(
    async (beforeId?: number) => {
      setLoading(true);
      try {
        const page = await listAudit({ ...filter, beforeId, limit: PAGE });
        setItems((prev) => (beforeId ? [...prev, ...page.items] : page.items));
        setDone(page.items.length < PAGE);
        setError(undefined);
      } catch (e) {
        setError(e as ApiError);
      } finally {
        setLoading(false);
      }
    },
    [filter],
  );

  useEffect(() => {
    setItems([]);
    void load();
  }, [load]);

  const columns: TableColumnsType<AuditEntry> = [
    { key: 'at', title: t('web.audit.at'), dataIndex: 'at', width: 150, render: formatDateTime },
    { key: 'actor', title: t('web.audit.actor'), dataIndex: 'actorName', width: 120 },
    { key: 'action', title: t('web.audit.action'), dataIndex: 'action', width: 160, render: (a: string) => <Tag>{enumLabel('action', a)}</Tag> },
    {
      key: 'entity',
      title: t('web.audit.entity'),
      width: 260,
      render: (_: unknown, e) => `${enumLabel('entityType', e.entityType)} ${e.entityId}`,
    },
    {
      key: 'hash',
      title: t('web.audit.hash'),
      dataIndex: 'hash',
      width: 140,
      render: (h: string) => (
        <Typography.Text code copyable={{ text: h }} style={{ whiteSpace: 'nowrap' }}>
          {h.slice(0, 10)}
        </Typography.Text>
      ),
    },
  ];

  return (
    <>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('web.audit.empty') }}
        expandable={{ expandedRowRender: (e) => <Changes entry={e} /> }}
      />
      <div style={{ textAlign: 'center', marginTop: 12 }}>
        {items.length > 0 && (
          <Button disabled={done} loading={loading} onClick={() => void load(items[items.length - 1].id)}>
            {done ? t('web.common.noMore') : t('web.common.loadMore')}
          </Button>
        )}
      </div>
    </>
  );
}
