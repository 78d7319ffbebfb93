import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Divider, Drawer, Empty, Grid, List, Space, Spin, Steps, Tag, Timeline, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { evidenceUrl, getComplaint, uploadEvidence } from '../../api/complaints.api.ts';
import type { ComplaintAction, ComplaintDetail, RewardAction } from '../../api/complaints.types.ts';
import type { ApiError } from '../../api/http.ts';
import { formatDateTime } from '../../components/format.ts';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { ComplaintActionModal } from './complaint-action-modal.tsx';
import { CategoryTag, ClockCell, ComplaintStatusTag } from './complaint-bits.tsx';
import { RewardModal } from './reward-modal.tsx';

const PATH = ['received', 'acknowledged', 'investigating', 'decided', 'closed'] as const;
const FORWARD: ComplaintAction[] = ['acknowledge', 'investigate', 'confirm', 'close'];

function stepOf(d: ComplaintDetail): number {
  if (d.status === 'confirmed' || d.status === 'unfounded') return 3;
  return PATH.indexOf(d.status as (typeof PATH)[number]);
}

/**
 * One complaint: what was reported, where and about whom, both countdowns, the steps the user may take, evidence
 * files, linked repeat reports, the reward, and the timeline. Full width on a phone.
 */
export function ComplaintDrawer({ complaintId, onClose, onChanged }: { complaintId?: number; onClose: () => void; onChanged: () => void }) {
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [tick, setTick] = useState(0);
  const [acting, setActing] = useState<ComplaintAction>();
  const [rewarding, setRewarding] = useState<RewardAction>();
  const [fresh, setFresh] = useState<ComplaintDetail>();
  const [uploading, setUploading] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const loaded = useAsync(() => (complaintId ? getComplaint(complaintId) : Promise.resolve(undefined)), [complaintId, tick]);
  useEffect(() => setFresh(undefined), [complaintId, loaded.data]);
  const d = fresh ?? (loaded.data?.id === complaintId ? loaded.data : undefined);
  const saved = (next: ComplaintDetail) => {
    setFresh(next);
    onChanged();
  };

  const upload = async (file: File | undefined) => {
    if (!file || !d) return;
    setUploading(true);
    try {
      saved(await uploadEvidence(d.id, file));
      message.success(t('web.complaints.detail.uploaded'));
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <Drawer open={complaintId !== undefined} onClose={onClose} size={screens.md ? 680 : '100%'} title={t('web.complaints.detail.title')} destroyOnHidden data-testid="complaint-drawer">
      {loaded.loading && !d && <Spin />}
      {loaded.error && <Alert type="error" showIcon title={loaded.error.message} />}
      {d && (
        <div data-testid="complaint-detail" data-status={d.status}>
          <Space wrap size={4} style={{ marginBottom: 8 }}>
            <ComplaintStatusTag status={d.status} />
            <CategoryTag category={d.category} />
            <Tag>{t(`web.complaints.channel.${d.channel}`)}</Tag>
            {d.overdue && <Tag color="red">{t('web.complaints.overdueTag')}</Tag>}
            <Typography.Text code>{d.trackingCode}</Typography.Text>
          </Space>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{d.description}</Typography.Paragraph>
          <Space wrap style={{ marginBottom: 12 }} data-testid="complaint-actions">
            {d.actions.map((a) => (
              <Button key={a} type={FORWARD.includes(a) ? 'primary' : 'default'} danger={a === 'dismiss'} onClick={() => setActing(a)}>
                {t(`web.complaints.action.${a}`)}
              </Button>
            ))}
            {!d.actions.length && d.status !== 'closed' && <Typography.Text type="secondary">{t('web.complaints.detail.noActions')}</Typography.Text>}
          </Space>
          <Steps
            size="small"
            responsive
            current={stepOf(d)}
            items={PATH.map((s) => ({ title: s === 'decided' ? (d.result ? t(`web.complaints.result.${d.result}`) : t('web.complaints.field.result')) : t(`web.complaints.status.${s}`) }))}
            style={{ marginBottom: 16 }}
          />
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('web.complaints.field.elevator')}>
              {d.elevator ? (
                <>
                  <Link to={`/elevators/${d.elevator.registrationCode}`}>{d.elevator.registrationCode}</Link>
                  <div>{d.elevator.address}</div>
                </>
              ) : (
                <span>{[d.codeGiven, d.address].filter(Boolean).join(' · ')}</span>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('web.complaints.field.region')}>{d.regionName}</Descriptions.Item>
            <Descriptions.Item label={t('web.complaints.field.regulator')}>{d.regulator?.name ?? t('web.complaints.detail.none')}</Descriptions.Item>
            <Descriptions.Item label={t('web.complaints.field.useUnit')}>{d.useUnit?.name ?? t('web.complaints.detail.none')}</Descriptions.Item>
            <Descriptions.Item label={t('web.complaints.field.maintenance')}>{d.maintenance?.name ?? t('web.complaints.detail.none')}</Descriptions.Item>
            <Descriptions.Item label={t('web.complaints.field.responsible')}>{d.responsibleOrg?.name ?? t('web.complaints.detail.none')}</Descriptions.Item>
            <Descriptions.Item label={t('web.complaints.field.reporter')}>
              {d.anonymous ? t('web.complaints.detail.reporterAnonymous') : [d.reporterName, d.reporterContact].filter(Boolean).join(' · ')}
            </Descriptions.Item>
            <Descriptions.Item label={t('web.complaints.field.receivedAt')}>{formatDateTime(d.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('web.complaints.field.ackDue')}>
              <ClockCell clock={d.acknowledge} testId="drawer-ack" />
            </Descriptions.Item>
            <Descriptions.Item label={t('web.complaints.field.outcomeDue')}>
              <ClockCell clock={d.outcome} testId="drawer-outcome" />
              {d.outcome.extended && <Tag style={{ marginTop: 4 }}>{t('web.complaints.detail.extended')}</Tag>}
            </Descriptions.Item>
            {d.result && (
              <Descriptions.Item label={t('web.complaints.field.result')}>
                <strong>{t(`web.complaints.result.${d.result}`)}</strong>
                <div style={{ whiteSpace: 'pre-wrap' }}>{d.resultText}</div>
              </Descriptions.Item>
            )}
            {d.hazardId && (
              <Descriptions.Item label={t('web.complaints.field.hazard')}>
                <Link to={`/hazards?id=${d.hazardId}`}>{t('web.complaints.detail.hazardLink', { id: d.hazardId })}</Link>
              </Descriptions.Item>
            )}
          </Descriptions>

          <Divider titlePlacement="start">{t('web.complaints.reward.title')}</Divider>
          <div data-testid="complaint-reward">
            {d.reward ? (
              <>
                <Typography.Text strong>
                  {d.reward.paid
                    ? t('web.complaints.reward.paid', { amount: d.reward.paid.amount.toLocaleString('zh-CN'), paidOn: d.reward.paid.paidOn })
                    : d.reward.decision === 'granted'
                      ? t('web.complaints.reward.granted', { amount: (d.reward.amount ?? 0).toLocaleString('zh-CN') })
                      : t('web.complaints.reward.refused')}
                </Typography.Text>
                <div style={{ fontSize: 12 }}>{t('web.complaints.reward.approver', { name: d.reward.approverName, at: formatDateTime(d.reward.decidedAt) })}</div>
                {d.reward.note && <div style={{ fontSize: 12 }}>{d.reward.note}</div>}
              </>
            ) : (
              <Typography.Text type="secondary">{d.result === 'confirmed' ? t('web.complaints.reward.none') : t('web.complaints.reward.onlyConfirmed')}</Typography.Text>
            )}
            <Space wrap style={{ display: 'flex', marginTop: 8 }}>
              {d.rewardActions.map((a) => (
                <Button key={a} type={a === 'refuse' ? 'default' : 'primary'} ghost={a !== 'refuse'} onClick={() => setRewarding(a)}>
                  {t(`web.complaints.reward.${a}`)}
                </Button>
              ))}
            </Space>
          </div>

          <Divider titlePlacement="start">{t('web.complaints.detail.evidence')}</Divider>
          {d.evidence.length ? (
            <List size="small" data-testid="complaint-evidence" dataSource={d.evidence} renderItem={(e) => <EvidenceItem complaintId={d.id} e={e} />} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.complaints.detail.noEvidence')} />
          )}
          {d.actions.length > 0 && (
            <>
              <input ref={fileInput} type="file" accept="image/jpeg,image/png,application/pdf" hidden data-testid="evidence-input" onChange={(e) => void upload(e.target.files?.[0])} />
              <Button icon={<UploadOutlined />} loading={uploading} onClick={() => fileInput.current?.click()} style={{ marginTop: 8 }}>
                {t('web.complaints.detail.upload')}
              </Button>
            </>
          )}

          {d.linked.length > 0 && (
            <>
              <Divider titlePlacement="start">{t('web.complaints.detail.linked')}</Divider>
              <List
                size="small"
                dataSource={d.linked}
                renderItem={(l) => (
                  <List.Item>
                    <Space>
                      <Typography.Text code>{l.trackingCode}</Typography.Text>
                      <ComplaintStatusTag status={l.status} />
                      <span>{formatDateTime(l.receivedAt)}</span>
                      {l.id === d.linkedToId && <Tag>{t('web.complaints.detail.linkedRoot', { id: l.id })}</Tag>}
                    </Space>
                  </List.Item>
                )}
              />
            </>
          )}

          <Divider titlePlacement="start">{t('web.complaints.detail.timeline')}</Divider>
          <Timeline
            data-testid="complaint-timeline"
            items={d.events.map((e) => ({
              key: e.id,
              content: (
                <div>
                  <Typography.Text strong>{t(`web.complaints.event.${e.action}` as 'web.complaints.event.received')}</Typography.Text>
                  <span style={{ fontSize: 12, marginLeft: 8 }}>
                    {formatDateTime(e.at)} · {e.actorName === 'public' ? t('web.complaints.actor.public') : e.actorName}
                  </span>
                  {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
                </div>
              ),
            }))}
          />
        </div>
      )}
      <ComplaintActionModal
        complaint={acting ? d : undefined}
        action={acting}
        onClose={() => setActing(undefined)}
        onDone={(next) => {
          setActing(undefined);
          saved(next);
          setTick((n) => n + 1);
        }}
      />
      <RewardModal
        complaint={rewarding ? d : undefined}
        action={rewarding}
        onClose={() => setRewarding(undefined)}
        onDone={(next) => {
          setRewarding(undefined);
          saved(next);
        }}
      />
    </Drawer>
  );
}

/** An evidence file: images shown as a thumbnail (fetched with the session token), PDFs as a link. */
function EvidenceItem({ complaintId, e }: { complaintId: number; e: ComplaintDetail['evidence'][number] }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let live = true;
    let made: string | undefined;
    evidenceUrl(complaintId, e.sha256).then(
      (u) => {
        made = u;
        if (live) setUrl(u);
        else URL.revokeObjectURL(u);
      },
      () => undefined,
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [complaintId, e.sha256]);
  return (
    <List.Item>
      <Space align="start">
        {url && e.contentType.startsWith('image/') && <img src={url} alt={e.fileName} style={{ width: 64, height: 64, objectFit: 'cover', borderRadius: 4 }} />}
        <div>
          {url ? (
            <a href={url} target="_blank" rel="noreferrer">
              {e.fileName}
            </a>
          ) : (
            e.fileName
          )}
          <div style={{ fontSize: 12 }}>
            {formatDateTime(e.uploadedAt)} · SHA-256 {e.sha256.slice(0, 12)}…
          </div>
          {e.note && <div style={{ fontSize: 12 }}>{e.note}</div>}
        </div>
      </Space>
    </List.Item>
  );
}
