import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Modal, Row, Select, Space, Steps, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { addHouseholds, getAddonProject, removeHousehold, resolveObjection, setVote } from '../../api/addon.api.ts';
import type { AddonProject, Household, Vote } from '../../api/addon.types.ts';
import type { ApiError } from '../../api/http.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { parseHouseholds, stageIndex, STAGES } from './addon-logic.ts';
import { StatusTag, SubsidyCalcView, SubsidyTag, TallyCard, yuan } from './addon-bits.tsx';
import { ProjectActions } from './project-actions.tsx';

/** `/addon/:id` 加装电梯项目详情: stage steps with the actions the caller may take, the consent tally against the thresholds, households, notice and objections, subsidy and timeline. */
export default function AddonProjectPage() {
  const { id } = useParams();
  const loaded = useAsync(() => getAddonProject(Number(id)), [id]);
  const [current, setCurrent] = useState<AddonProject>();
  useEffect(() => setCurrent(undefined), [id]);
  const p = current ?? loaded.data;
  if (loaded.error && !p) return <Alert type="error" showIcon title={loaded.error.message} />;
  if (!p) return <Card loading />;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card>
        <PageHeader title={<span data-testid="addon-title">{`${p.address} ${p.building}${p.unit}`}</span>} extra={<span data-testid="addon-status"><StatusTag status={p.status} /></span>} />
        <Steps
          size="small"
          current={p.status === 'cancelled' ? 0 : stageIndex(p.status)}
          status={p.status === 'cancelled' ? 'error' : undefined}
          items={STAGES.map((s) => ({ title: t(`web.addon.status.${s}`) }))}
          style={{ margin: '12px 0 16px' }}
        />
        <ProjectActions p={p} onChange={setCurrent} />
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} style={{ marginTop: 16 }}>
          <Descriptions.Item label={t('web.addon.field.region')}>{p.regionName}</Descriptions.Item>
          <Descriptions.Item label={t('web.addon.field.storeys')}>{p.storeys}</Descriptions.Item>
          <Descriptions.Item label={t('web.addon.field.implementingOrg')}>{p.implementingOrg.name}</Descriptions.Item>
          <Descriptions.Item label={t('web.addon.field.streetOffice')}>{p.streetOffice?.name ?? t('web.common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('web.addon.field.totalCost')}>{p.totalCost === null ? t('web.common.none') : yuan(p.totalCost)}</Descriptions.Item>
          <Descriptions.Item label={t('web.addon.field.design')}>{p.design ? t('web.addon.designText', { maker: String(p.design.manufacturerName), model: String(p.design.model), load: Number(p.design.ratedLoad), speed: Number(p.design.ratedSpeed), stops: Number(p.design.stops) }) : t('web.common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('web.addon.field.notice')}>
            <span data-testid="addon-notice">
              {p.notice.startsOn ? t('web.addon.noticeText', { from: p.notice.startsOn, to: p.notice.endsOn ?? '', days: p.notice.days ?? 0 }) : t('web.common.none')}
              {p.notice.pausedSince && <Tag color="orange" style={{ marginLeft: 8 }}>{t('web.addon.noticePaused', { since: p.notice.pausedSince })}</Tag>}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('web.addon.field.approval')}>{p.approvedOn ? `${p.approvedOn} ${p.approvalNo ?? ''}` : t('web.common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('web.addon.field.constructionOn')}>{p.constructionOn ?? t('web.common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('web.addon.field.acceptedOn')}>{p.acceptedOn ?? t('web.common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('web.addon.field.registrationDueOn')}>
            {p.registrationDueOn ?? t('web.common.none')}
            {p.registrationOverdue && <Tag color="red" style={{ marginLeft: 8 }}>{t('web.addon.overdue')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('web.addon.field.registrationCode')}>
            {p.registrationCode ? <Link data-testid="addon-elevator-link" to={`/elevators/${p.registrationCode}`}>{p.registrationCode}</Link> : t('web.common.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('web.addon.field.enrolledAt')}>{p.enrolledAt ? formatDateTime(p.enrolledAt) : t('web.common.none')}</Descriptions.Item>
          {p.note && <Descriptions.Item label={t('web.addon.field.note')}>{p.note}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <TallyCard p={p} />
      <Households p={p} onChange={setCurrent} />
      <Row gutter={12}>
        <Col xs={24} lg={12}>
          <Objections p={p} onChange={setCurrent} />
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('web.addon.subsidy.title')} extra={<SubsidyTag status={p.subsidy.status} />}>
            <SubsidyCalcView calc={p.subsidy.basis ?? p.subsidy.preview} brackets={p.rules.subsidyByStoreys} />
            {!p.subsidy.basis && <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('web.addon.subsidy.previewNote')}</Typography.Paragraph>}
            {p.subsidy.note && <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>{p.subsidy.note}</Typography.Paragraph>}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('web.addon.timeline')}>
        <Timeline
          items={p.events.map((e) => ({
            key: `${e.at}-${e.action}`,
            children: (
              <Space wrap size={6}>
                <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
                <span>{t(`web.addon.event.${e.action.replace('.', '_')}` as never)}</span>
                {e.toStatus && <StatusTag status={e.toStatus as AddonProject['status']} />}
                {e.actor && <Typography.Text type="secondary">{e.actor}</Typography.Text>}
                {e.note && <Typography.Text>{e.note}</Typography.Text>}
              </Space>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}

const VOTES: Exclude<Vote, null>[] = ['agree', 'disagree', 'abstain'];

function Households({ p, onChange }: { p: AddonProject; onChange: (p: AddonProject) => void }) {
  const { message } = App.useApp();
  const { can } = useSession();
  const [adding, setAdding] = useState(false);
  const editable = p.status === 'consultation' && can('addon.manage');
  const act = (fn: () => Promise<AddonProject>) => fn().then(onChange, (e: ApiError) => message.error(e.message));
  const columns: TableColumnsType<Household> = [
    { key: 'room', title: t('web.addon.household.room'), dataIndex: 'room', width: 90 },
    { key: 'floor', title: t('web.addon.household.floor'), dataIndex: 'floor', width: 70, align: 'right' },
    { key: 'area', title: t('web.addon.household.area'), dataIndex: 'area', width: 110, align: 'right' },
    { key: 'owner', title: t('web.addon.household.owner'), dataIndex: 'ownerName' },
    {
      key: 'vote',
      title: t('web.addon.household.vote'),
      width: 150,
      render: (_: unknown, h) =>
        editable ? (
          <Select
            aria-label={t('web.addon.household.voteOf', { room: h.room })}
            size="small"
            style={{ width: 120 }}
            value={h.vote ?? 'none'}
            onChange={(v) => act(() => setVote(p.id, h.id, v === 'none' ? null : (v as Vote)))}
            options={[{ value: 'none', label: t('web.addon.vote.none') }, ...VOTES.map((v) => ({ value: v, label: t(`web.addon.vote.${v}`) }))]}
          />
        ) : (
          t(`web.addon.vote.${h.vote ?? 'none'}`)
        ),
    },
    { key: 'signed', title: t('web.addon.household.signed'), width: 90, render: (_: unknown, h) => (h.signed ? <Tag color="green">{t('web.addon.household.yes')}</Tag> : <Tag>{t('web.addon.household.no')}</Tag>) },
    { key: 'share', title: t('web.addon.household.share'), width: 120, align: 'right', render: (_: unknown, h) => (h.share === null ? t('web.common.none') : yuan(h.share)) },
    ...(editable ? [{ key: 'remove', title: '', width: 70, render: (_: unknown, h: Household) => <Button size="small" type="link" danger onClick={() => act(() => removeHousehold(p.id, h.id))}>{t('web.addon.household.remove')}</Button> }] : []),
  ];
  return (
    <Card size="small" title={t('web.addon.household.title', { n: p.households.length })} extra={editable ? <Button onClick={() => setAdding(true)}>{t('web.addon.household.add')}</Button> : null}>
      <Table<Household> data-testid="addon-households" rowKey="id" size="small" columns={columns} dataSource={p.households} pagination={{ pageSize: 50, hideOnSinglePage: true }} />
      <AddHouseholdsModal open={adding} projectId={p.id} onClose={() => setAdding(false)} onDone={(np) => { setAdding(false); onChange(np); }} />
    </Card>
  );
}

function AddHouseholdsModal({ open, projectId, onClose, onDone }: { open: boolean; projectId: number; onClose: () => void; onDone: (p: AddonProject) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const { households, errors } = parseHouseholds(text, Object.fromEntries(VOTES.map((v) => [t(`web.addon.vote.${v}`), v])));
    if (errors.length || !households.length) return setError(errors.length ? errors.map((e) => t('web.addon.household.badLine', { line: e.line, reason: t(`web.addon.household.reason.${e.reason}` as never) })).join('；') : t('web.addon.household.empty'));
    setBusy(true);
    try {
      onDone(await addHouseholds(projectId, households));
      setText('');
      setError(undefined);
    } catch (e) {
      const err = e as ApiError;
      setError([err.message, ...err.fields.map((f) => f.message)].join('：'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('web.addon.household.addTitle')} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">{t('web.addon.household.pasteHint')}</Typography.Paragraph>
      <Input.TextArea aria-label={t('web.addon.household.paste')} rows={10} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('web.addon.household.pastePlaceholder')} />
    </Modal>
  );
}

function Objections({ p, onChange }: { p: AddonProject; onChange: (p: AddonProject) => void }) {
  const { can } = useSession();
  const [resolving, setResolving] = useState<number>();
  const [form] = Form.useForm<{ resolution: string }>();
  const { message } = App.useApp();
  return (
    <Card size="small" title={t('web.addon.objection.title')} data-testid="addon-objections">
      {p.objections.length === 0 && <Typography.Text type="secondary">{t('web.addon.objection.none')}</Typography.Text>}
      {p.objections.map((o) => (
        <div key={o.id} style={{ marginBottom: 8 }}>
          <Space wrap>
            <Tag color={o.status === 'open' ? 'orange' : 'green'}>{t(`web.addon.objection.${o.status}`)}</Tag>
            <Typography.Text>{`${o.filedOn} ${o.objector}：${o.content}`}</Typography.Text>
            {o.status === 'open' && can('addon.manage') && <Button size="small" onClick={() => setResolving(o.id)}>{t('web.addon.objection.resolve')}</Button>}
          </Space>
          {o.resolution && <div><Typography.Text type="secondary">{t('web.addon.objection.resolution', { text: o.resolution, on: o.resolvedOn ?? '' })}</Typography.Text></div>}
        </div>
      ))}
      <Modal open={resolving !== undefined} title={t('web.addon.objection.resolveTitle')} onCancel={() => setResolving(undefined)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => resolveObjection(p.id, resolving!, v.resolution.trim()).then((np) => { setResolving(undefined); onChange(np); }, (e: ApiError) => message.error(e.message))}>
          <Form.Item name="resolution" label={t('web.addon.objection.resolutionLabel')} rules={[{ required: true, whitespace: true, message: t('web.elevator.required', { label: t('web.addon.objection.resolutionLabel') }) }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
