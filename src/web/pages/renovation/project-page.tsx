import { Alert, App, Button, Card, Col, Descriptions, Row, Space, Spin, Steps, Table, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { getProject } from '../../api/renovation.api.ts';
import type { Project, ProjectAction } from '../../api/renovation.types.ts';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { ActionModal } from './action-modal.tsx';
import { FundingModal, VoteModal } from './plan-modals.tsx';
import { FundingCard, SubsidyCard, VoteCard } from './project-cards.tsx';
import { money, stepIndex, stepsFor } from './renovation-logic.ts';
import { KindTag, ProjectStatusTag } from './renovation-tags.tsx';

const eventLabel = (action: string): string =>
  ['create', 'vote', 'funding', 'edit', 'hazards'].includes(action) ? t(`web.renovation.event.${action}` as MessageKey) : t(`web.renovation.action.${action}` as MessageKey);

/** `/renovation/projects/:id`: the project's steps, the actions open to the caller, vote, funding, subsidy, construction and record. */
export default function ProjectPage() {
  const { id } = useParams();
  const { message } = App.useApp();
  const loaded = useAsync(() => getProject(Number(id)), [id]);
  const [project, setProject] = useState<Project>();
  const [action, setAction] = useState<ProjectAction | null>(null);
  const [editing, setEditing] = useState<'vote' | 'funding' | null>(null);
  useEffect(() => setProject(loaded.data), [loaded.data]);
  if (loaded.error) return <Alert type="error" showIcon title={loaded.error.message} />;
  if (!project) return <Spin />;
  const p = project;
  const done = (next: Project, label: string) => {
    setProject(next);
    setAction(null);
    setEditing(null);
    message.success(t('web.renovation.detail.done', { action: label }));
  };
  const steps = stepsFor(p.kind);
  const preConstruction = p.canEdit;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="renovation-project">
      <Card>
        <PageHeader
          title={
            <Space>
              <span>{p.title}</span>
              <KindTag kind={p.kind} />
              <span data-testid="renovation-status">
                <ProjectStatusTag status={p.status} />
              </span>
            </Space>
          }
          extra={<Link to="/renovation/projects">{t('web.renovation.detail.back')}</Link>}
        />
        <Steps size="small" current={stepIndex(p.kind, p.status)} status={p.status === 'cancelled' ? 'error' : undefined} items={steps.map((s) => ({ title: t(`web.renovation.steps.${s as Exclude<typeof s, 'cancelled'>}`) }))} style={{ margin: '12px 0' }} />
        <Space wrap data-testid="renovation-actions">
          {p.actions.length ? (
            p.actions.map((a) => (
              <Button key={a} type={a === 'cancel' || a === 'reject_subsidy' ? 'default' : 'primary'} danger={a === 'cancel'} onClick={() => setAction(a)}>
                {t(`web.renovation.action.${a}`)}
              </Button>
            ))
          ) : (
            <Typography.Text type="secondary">{t('web.renovation.detail.noActions')}</Typography.Text>
          )}
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('web.renovation.detail.basic')}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('web.renovation.field.id')}>{p.id}</Descriptions.Item>
              <Descriptions.Item label={t('web.renovation.field.region')}>{p.regionName}</Descriptions.Item>
              <Descriptions.Item label={t('web.renovation.field.useUnit')}>{p.useUnit?.name ?? t('web.common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('web.renovation.field.compound')}>{p.compound ?? t('web.common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('web.renovation.field.owner')}>{p.owner.name}</Descriptions.Item>
              <Descriptions.Item label={t('web.renovation.field.budget')}>{money(p.budget)}</Descriptions.Item>
              <Descriptions.Item label={t('web.renovation.field.plan')}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{p.plan}</Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <VoteCard project={p} onRecord={p.canEdit && p.status === 'draft' && p.voteRequired ? () => setEditing('vote') : undefined} />
        </Col>
        <Col xs={24} xl={12}>
          <FundingCard project={p} onEdit={preConstruction ? () => setEditing('funding') : undefined} />
        </Col>
        <Col xs={24} xl={12}>
          <SubsidyCard project={p} />
        </Col>
      </Row>
      <Card size="small" title={t('web.renovation.detail.construction')} data-testid="renovation-construction">
        <Descriptions size="small" column={3} style={{ marginBottom: 8 }}>
          <Descriptions.Item label={t('web.renovation.field.startedOn')}>{p.construction.startedOn ?? t('web.renovation.construction.notStarted')}</Descriptions.Item>
          <Descriptions.Item label={t('web.renovation.field.installerName')}>{p.construction.installerName ?? t('web.common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('web.renovation.field.acceptedOn')}>{p.acceptedOn ?? t('web.common.none')}</Descriptions.Item>
        </Descriptions>
        <Table
          size="small"
          rowKey="registrationCode"
          pagination={false}
          dataSource={p.elevators}
          scroll={{ x: 900 }}
          columns={[
            { key: 'code', title: t('web.renovation.field.registrationCode'), width: 200, render: (_: unknown, e) => <Link to={`/elevators/${e.registrationCode}`}>{e.registrationCode}</Link> },
            { key: 'address', title: t('web.renovation.field.address'), dataIndex: 'address', ellipsis: true },
            { key: 'model', title: t('web.renovation.field.model'), width: 110, render: (_: unknown, e) => e.model ?? '' },
            { key: 'aop', title: t('web.renovation.field.overspeed'), width: 110, render: (_: unknown, e) => (e.ascendingOverspeedProtection ? t('web.renovation.detail.yes') : t('web.renovation.detail.no')) },
            {
              key: 'inspection',
              title: t('web.renovation.construction.inspection'),
              width: 220,
              render: (_: unknown, e) => (e.inspection ? `${e.inspection.reportNo}（${e.inspection.date}）` : <Typography.Text type="secondary">{t('web.renovation.construction.noInspection')}</Typography.Text>),
            },
            {
              key: 'change',
              title: t('web.renovation.construction.registryChange'),
              width: 260,
              render: (_: unknown, e) => (
                <Space size={4} wrap>
                  {e.registryChange && Object.keys(e.registryChange).length ? <Typography.Text code>{JSON.stringify(e.registryChange)}</Typography.Text> : null}
                  {e.registryUpdatedAt ? <Tag color="green">{t('web.renovation.construction.registryDone')}</Tag> : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {p.hazards.length > 0 && (
        <Card size="small" title={t('web.renovation.detail.hazards')}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={p.hazards}
            columns={[
              { key: 'code', title: t('web.renovation.field.registrationCode'), dataIndex: 'registrationCode', width: 200 },
              { key: 'item', title: t('web.renovation.field.item'), dataIndex: 'item' },
              { key: 'status', title: t('web.renovation.field.status'), width: 120, render: (_: unknown, h) => <Tag>{h.status}</Tag> },
            ]}
          />
        </Card>
      )}
      <Card size="small" title={t('web.renovation.detail.events')} data-testid="renovation-events">
        <Timeline
          items={p.events.map((e) => ({
            children: (
              <span>
                {formatDateTime(e.at)} <b>{eventLabel(e.action)}</b> {[e.orgName, e.actorName].filter(Boolean).join(' ')}
                {e.note ? `：${e.note}` : ''}
              </span>
            ),
          }))}
        />
      </Card>
      <ActionModal project={p} action={action} onClose={() => setAction(null)} onDone={(next) => done(next, t(`web.renovation.action.${action!}`))} />
      <VoteModal project={p} open={editing === 'vote'} onClose={() => setEditing(null)} onDone={(next) => done(next, t('web.renovation.event.vote'))} />
      <FundingModal project={p} open={editing === 'funding'} onClose={() => setEditing(null)} onDone={(next) => done(next, t('web.renovation.event.funding'))} />
    </Space>
  );
}
