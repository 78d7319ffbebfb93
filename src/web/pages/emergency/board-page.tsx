import { PhoneOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Row, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { getBoard } from '../../api/emergency.api.ts';
import type { Board, BoardItem } from '../../api/emergency.types.ts';
import type { ApiError } from '../../api/http.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { formatDateTimeSec } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { enumLabel, t } from '../../i18n.ts';
import { CallFormModal } from './call-form-modal.tsx';
import { formatDuration, rowUrgency, serverOffset, sortBoard } from './clock.ts';
import { debounce, EmergencyStreamBadge, EmergencyStreamProvider, useIncidentChanges } from './emergency-stream.tsx';
import { IncidentDrawer } from './incident-drawer.tsx';
import { IncidentMap } from './incident-map.tsx';
import { ChannelTags, Countdown, IncidentStatusTag, IncidentTypeTag, TierTag, UrgencyTag } from './incident-tags.tsx';
import { useNow } from './use-now.ts';
import './emergency.css';

/** A safety net under the stream: the board is fetched again at least this often. */
const REFRESH_MS = 30_000;

/** `/emergency` 调度台: the open incidents with ticking clocks, the map, 接警 and the incident drawer, all live. */
export default function BoardPage() {
  return (
    <EmergencyStreamProvider>
      <BoardView />
    </EmergencyStreamProvider>
  );
}

function useBoard() {
  const [board, setBoard] = useState<Board>();
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const call = useRef(0);
  const load = useRef(() => {});
  load.current = () => {
    const id = ++call.current;
    getBoard().then(
      (b) => {
        if (id !== call.current) return;
        setBoard(b);
        setOffset(serverOffset(b.now, Date.now()));
        setError(undefined);
        setLoading(false);
      },
      (e: ApiError) => {
        if (id !== call.current) return;
        setError(e);
        setLoading(false);
      },
    );
  };
  const [soon] = useState(() => debounce(() => load.current(), 400));
  useEffect(() => {
    load.current();
    const timer = setInterval(() => load.current(), REFRESH_MS);
    return () => {
      clearInterval(timer);
      soon.cancel();
    };
  }, [soon]);
  // Every change in scope (a call taken anywhere, a dispatch, a clock firing) refetches once per burst.
  useIncidentChanges(() => soon.call());
  return { board, offset, error, loading, reload: () => load.current(), reloadSoon: () => soon.call() };
}

function BoardView() {
  const { me, can } = useSession();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('id')) || undefined;
  const { board, offset, error, loading, reload, reloadSoon } = useBoard();
  const now = useNow(offset);
  const [calling, setCalling] = useState(false);
  const open = (id: number | undefined) => {
    const next = new URLSearchParams(params);
    if (id === undefined) next.delete('id');
    else next.set('id', String(id));
    setParams(next);
  };

  const items = useMemo(() => sortBoard(board?.items ?? [], now), [board, now]);
  const counts = useMemo(() => {
    const u = items.map((i) => rowUrgency(i, now));
    return {
      open: items.length,
      breached: u.filter((x) => x === 'breached').length,
      critical: u.filter((x) => x === 'critical').length,
      waiting: items.filter((i) => i.status === 'received').length,
    };
  }, [items, now]);

  const columns: TableColumnsType<BoardItem> = [
    { key: 'urgency', title: t('web.emergency.board.urgency'), width: 90, render: (_: unknown, i) => <UrgencyTag urgency={rowUrgency(i, now)} /> },
    {
      key: 'incident',
      title: t('web.emergency.board.incident'),
      width: 200,
      render: (_: unknown, i) => (
        <Space orientation="vertical" size={2}>
          <Space size={4} wrap>
            <Typography.Text strong>#{i.id}</Typography.Text>
            <IncidentTypeTag type={i.type} />
            {i.trapped ? <Tag color="red">{t('web.emergency.board.trappedPeople', { n: i.trapped })}</Tag> : null}
            {i.repeatOf !== null && <Tag color="magenta">{t('web.emergency.board.repeat')}</Tag>}
          </Space>
          <span>
            <ChannelTags channels={i.channels} />
          </span>
        </Space>
      ),
    },
    {
      key: 'elevator',
      title: t('web.emergency.board.elevator'),
      render: (_: unknown, i) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text>{i.registrationCode}</Typography.Text>
          <Typography.Text type="secondary" ellipsis={{ tooltip: i.address }} style={{ display: 'block', fontSize: 12, maxWidth: 320 }}>
            {i.address}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'status',
      title: t('web.emergency.board.status'),
      width: 210,
      render: (_: unknown, i) => (
        <Space orientation="vertical" size={2}>
          <Space size={4} wrap>
            <IncidentStatusTag status={i.status} />
            <TierTag tier={i.tier} />
          </Space>
          <Typography.Text type={i.assignedOrg ? undefined : 'secondary'} style={{ fontSize: 12 }}>
            {i.assignedOrg?.name ?? t('web.emergency.board.noOrg')}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'clocks',
      title: t('web.emergency.board.clocks'),
      width: 170,
      render: (_: unknown, i: BoardItem) =>
        i.clocks.length ? (
          <div className="ls-board-clocks">
            {i.clocks.map((c) => (
              <div key={c.kind}>
                <Typography.Text type="secondary">{enumLabel('slaLeg', c.kind).replace(t('web.emergency.board.legSuffix'), '')}</Typography.Text>{' '}
                <Countdown clock={c} nowMs={now} compact />
              </div>
            ))}
          </div>
        ) : (
          <Countdown clock={undefined} nowMs={now} />
        ),
    },
    {
      key: 'receivedAt',
      title: t('web.emergency.board.receivedAt'),
      width: 150,
      render: (_: unknown, i) => (
        <div>
          <div>{formatDateTimeSec(i.receivedAt).slice(5)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('web.emergency.board.elapsed', { time: formatDuration((now - Date.parse(i.receivedAt)) / 1000) })}
          </Typography.Text>
        </div>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <PageHeader
          title={t('web.emergency.board.title')}
          extra={
            <Space>
              <EmergencyStreamBadge />
              <Button icon={<ReloadOutlined />} onClick={reload}>
                {t('web.emergency.board.refresh')}
              </Button>
              {can('emergency.dispatch') && (
                <Button type="primary" danger size="large" icon={<PhoneOutlined />} onClick={() => setCalling(true)}>
                  {t('web.emergency.board.take')}
                </Button>
              )}
            </Space>
          }
        />
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Statistic title={t('web.emergency.board.openCount')} value={counts.open} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('web.emergency.board.breachedCount')} value={counts.breached} styles={{ content: { color: counts.breached ? '#cf1322' : undefined } }} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('web.emergency.board.criticalCount')} value={counts.critical} styles={{ content: { color: counts.critical ? '#fa541c' : undefined } }} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('web.emergency.board.waitingDispatch')} value={counts.waiting} />
          </Col>
        </Row>
      </Card>
      {error && <Alert type="error" showIcon title={error.message} />}
      <div className="ls-board-grid">
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <Table<BoardItem>
            data-testid="board-table"
            rowKey="id"
            size="middle"
            loading={loading && !board}
            columns={columns}
            dataSource={items}
            pagination={false}
            scroll={{ x: 980 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.emergency.board.empty')} /> }}
            rowClassName={(i) => `ls-board-row ls-urgency-${rowUrgency(i, now)}`}
            onRow={(i) => ({ onClick: () => open(i.id), 'data-incident-id': i.id, 'data-urgency': rowUrgency(i, now) }) as React.HTMLAttributes<HTMLElement>}
          />
        </Card>
        <IncidentMap items={items} nowMs={now} regionCode={me.regionCode} onOpen={open} />
      </div>
      <CallFormModal
        open={calling}
        onClose={() => setCalling(false)}
        onCreated={(d) => {
          reloadSoon();
          open(d.id);
        }}
        onOpenIncident={open}
      />
      <IncidentDrawer incidentId={openId} onClose={() => open(undefined)} onChanged={reloadSoon} />
    </Space>
  );
}
