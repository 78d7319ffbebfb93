import { Alert, Button, Descriptions, Divider, Drawer, Empty, Grid, List, Space, Spin, Steps, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { fetchHazardFile, getHazard } from '../../api/hazards.api.ts';
import type { Hazard, HazardAction } from '../../api/hazards.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { formatDateTime } from '../../components/format.ts';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { DeadlineCell, HazardStatusTag, RemedyTag, SeverityTag, SourceTag, statusLabel } from './hazard-bits.tsx';
import { HazardActionModal } from './hazard-action-modal.tsx';
import { hazardActions, isForward, partiesOf, PLAN_PARTIES, splitEvidenceNote, statusPath } from './hazards-logic.ts';

/**
 * One hazard: where it came from, its progress along its path, the plan and who agreed, the timeline of steps with
 * their notes and evidence fingerprints, and the buttons for the steps the user may take now. Full width on a phone.
 */
export function HazardDrawer({ hazardId, onClose, onChanged }: { hazardId?: number; onClose: () => void; onChanged: () => void }) {
  const { me } = useSession();
  const screens = Grid.useBreakpoint();
  const [tick, setTick] = useState(0);
  const [acting, setActing] = useState<HazardAction>();
  const [fresh, setFresh] = useState<Hazard>();
  const loaded = useAsync(() => (hazardId ? getHazard(hazardId) : Promise.resolve(undefined)), [hazardId, tick]);
  useEffect(() => setFresh(undefined), [hazardId, loaded.data]);
  const h = fresh ?? (loaded.data?.id === hazardId ? loaded.data : undefined);
  const actions = h ? hazardActions(h, partiesOf(me)) : [];

  return (
    <Drawer open={hazardId !== undefined} onClose={onClose} size={screens.md ? 640 : '100%'} title={t('web.hazards.detail.title')} destroyOnHidden data-testid="hazard-drawer">
      {loaded.loading && !h && <Spin />}
      {loaded.error && <Alert type="error" showIcon title={loaded.error.message} />}
      {h && (
        <div data-testid="hazard-detail" data-status={h.status}>
          <Space wrap size={4} style={{ marginBottom: 8 }}>
            <HazardStatusTag status={h.status} />
            <SeverityTag severity={h.severity} />
            <RemedyTag remedy={h.remedy} />
            <SourceTag source={h.source} />
          </Space>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {h.item}
          </Typography.Title>
          <Typography.Paragraph>{h.description}</Typography.Paragraph>
          <Space wrap style={{ marginBottom: 12 }} data-testid="hazard-actions">
            {actions.map((a) => (
              <Button key={a} type={isForward(a) ? 'primary' : 'default'} danger={a === 'reject_plan'} size={screens.md ? 'middle' : 'large'} onClick={() => setActing(a)}>
                {t(`web.hazards.action.${a}`)}
              </Button>
            ))}
            {!actions.length && h.status !== 'closed' && <Typography.Text type="secondary">{t('web.hazards.detail.noActions')}</Typography.Text>}
          </Space>
          <Steps
            size="small"
            responsive
            current={statusPath(h.remedy).indexOf(h.status)}
            items={statusPath(h.remedy).map((s) => ({ title: statusLabel(s) }))}
            style={{ marginBottom: 16 }}
          />
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('web.hazards.field.registrationCode')}>
              <Link to={`/elevators/${h.registrationCode}`}>{h.registrationCode}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('web.hazards.field.address')}>{h.address}</Descriptions.Item>
            <Descriptions.Item label={t('web.hazards.field.source')}>
              <Space size={4} wrap>
                <SourceTag source={h.source} />
                {h.reportId && <Link to={`/inspection/reports?id=${h.reportId}`}>{h.reportNo ?? `#${h.reportId}`}</Link>}
                {h.sourceRef && !h.reportId && <span>{h.sourceRef}</span>}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('web.hazards.field.deadline')}>
              <DeadlineCell h={h} />
            </Descriptions.Item>
            <Descriptions.Item label={t('web.hazards.field.responsible')}>{h.responsibleOrgName ?? t('web.common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('web.hazards.field.createdAt')}>{formatDateTime(h.createdAt)}</Descriptions.Item>
            {h.projectId && <Descriptions.Item label={t('web.hazards.field.project')}>{t('web.hazards.detail.project', { id: h.projectId })}</Descriptions.Item>}
          </Descriptions>
          {h.remedy !== 'repair' && <PlanSection h={h} />}
          <Divider titlePlacement="start">{t('web.hazards.detail.timeline')}</Divider>
          <EvidenceTimeline h={h} />
        </div>
      )}
      <HazardActionModal
        hazard={acting ? h : undefined}
        action={acting}
        onClose={() => setActing(undefined)}
        onDone={(saved) => {
          setActing(undefined);
          setFresh(saved);
          setTick((n) => n + 1);
          onChanged();
        }}
      />
    </Drawer>
  );
}

/** The plan of a major remedy and each party's agreement (the maintenance company's only when the elevator has one). */
function PlanSection({ h }: { h: Hazard }) {
  const p = h.plan;
  return (
    <>
      <Divider titlePlacement="start">{t('web.hazards.detail.plan')}</Divider>
      {!p ? (
        <Typography.Text type="secondary">{t('web.hazards.detail.noPlan')}</Typography.Text>
      ) : (
        <div data-testid="hazard-plan">
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{p.text}</Typography.Paragraph>
          <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
            <Descriptions.Item label={t('web.hazards.detail.planDue')}>{p.dueOn}</Descriptions.Item>
            <Descriptions.Item label={t('web.hazards.detail.planCost')}>{p.cost === null ? t('web.common.none') : t('web.hazards.detail.cost', { n: p.cost.toLocaleString('zh-CN') })}</Descriptions.Item>
            <Descriptions.Item label={t('web.hazards.detail.proposedBy')}>{p.proposedBy}</Descriptions.Item>
          </Descriptions>
          <Typography.Text strong>{t('web.hazards.detail.agreements')}</Typography.Text>
          <List
            size="small"
            dataSource={PLAN_PARTIES}
            renderItem={(party) => {
              const a = p.agreedBy.find((x) => x.party === party);
              return (
                <List.Item data-party={party}>
                  <Space wrap size={4}>
                    <span>
                      {t(`web.hazards.party.${party}`)}
                      {party === 'maintenance' && !a && <Typography.Text type="secondary">{t('web.hazards.detail.ifAny')}</Typography.Text>}
                    </span>
                    {a ? <Tag color="green">{t('web.hazards.detail.agreed')}</Tag> : <Tag>{t('web.hazards.detail.pending')}</Tag>}
                    {a && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {a.name} {formatDateTime(a.at)}
                      </Typography.Text>
                    )}
                  </Space>
                </List.Item>
              );
            }}
          />
        </div>
      )}
    </>
  );
}

/** Every step taken, oldest first: who, when, which step, the note and the evidence fingerprint. */
function EvidenceTimeline({ h }: { h: Hazard }) {
  if (!h.evidence.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.hazards.detail.noEvidence')} />;
  return (
    <Timeline
      data-testid="hazard-timeline"
      items={h.evidence.map((e, i) => {
        const { action, text } = splitEvidenceNote(e.note);
        return {
          key: i,
          color: action && !isForward(action) ? 'red' : 'blue',
          content: (
            <div data-action={action ?? ''}>
              <Space size={4} wrap>
                <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
                {action && <Tag color={isForward(action) ? 'blue' : 'red'}>{t(`web.hazards.action.${action}`)}</Tag>}
                <Typography.Text strong>{e.by}</Typography.Text>
              </Space>
              <div style={{ whiteSpace: 'pre-wrap' }}>{text}</div>
              {e.fileSha256 && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('web.hazards.detail.file')}：<Typography.Text code>{e.fileSha256.slice(0, 16)}…</Typography.Text>{' '}
                  <EvidenceLink hazardId={h.id} sha256={e.fileSha256} />
                </Typography.Text>
              )}
            </div>
          ),
        };
      })}
    />
  );
}

/** Opens an evidence file in a new tab (fetched with the token); says so when the file was never uploaded. */
function EvidenceLink({ hazardId, sha256 }: { hazardId: number; sha256: string }) {
  const [missing, setMissing] = useState(false);
  const open = async () => {
    const tab = window.open('', '_blank');
    try {
      const blob = await fetchHazardFile(hazardId, sha256);
      const url = URL.createObjectURL(blob);
      if (tab) tab.location.href = url;
      else window.location.href = url;
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      tab?.close();
      setMissing(true);
    }
  };
  if (missing) return <Typography.Text type="warning">{t('web.hazards.detail.fileMissing')}</Typography.Text>;
  return (
    <Button type="link" size="small" onClick={() => void open()} data-testid="hazard-evidence-open">
      {t('web.hazards.detail.fileOpen')}
    </Button>
  );
}
