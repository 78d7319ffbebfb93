import { Alert, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { Measure, Project } from '../../api/renovation.types.ts';
import { formatDateTime } from '../../components/format.ts';
import { t } from '../../i18n.ts';
import { fractionText, money, percent } from './renovation-logic.ts';
import { SubsidyTag } from './renovation-tags.tsx';

/** 业主表决: the tallies against the rule, measure by measure. */
export function VoteCard({ project, onRecord }: { project: Project; onRecord?: () => void }) {
  const { vote, voteRule } = project;
  const rule = t('web.renovation.vote.rule', { p: fractionText(voteRule.participation), c: fractionText(voteRule.consent) });
  const rows: { key: string; label: string; m: Measure; part: string }[] = vote
    ? [
        { key: 'participationArea', label: t('web.renovation.vote.participationArea'), m: vote.result.participationArea, part: `${vote.participatingArea} / ${vote.totalArea} ㎡` },
        { key: 'participationOwners', label: t('web.renovation.vote.participationOwners'), m: vote.result.participationOwners, part: `${vote.participatingOwners} / ${vote.totalOwners}` },
        { key: 'consentArea', label: t('web.renovation.vote.consentArea'), m: vote.result.consentArea, part: `${vote.consentingArea} / ${vote.participatingArea} ㎡` },
        { key: 'consentOwners', label: t('web.renovation.vote.consentOwners'), m: vote.result.consentOwners, part: `${vote.consentingOwners} / ${vote.participatingOwners}` },
      ]
    : [];
  return (
    <Card size="small" title={t('web.renovation.detail.vote')} data-testid="renovation-vote" extra={onRecord ? <Button size="small" onClick={onRecord}>{t('web.renovation.vote.record')}</Button> : null}>
      {!project.voteRequired ? (
        <Typography.Text type="secondary">{t('web.renovation.vote.notRequired')}</Typography.Text>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{rule}</Typography.Text>
          {!vote ? (
            <Typography.Text>{t('web.renovation.vote.none')}</Typography.Text>
          ) : (
            <>
              <Tag color={vote.result.passed ? 'green' : 'red'} data-testid="renovation-vote-result">
                {vote.result.passed ? t('web.renovation.vote.passed') : t('web.renovation.vote.failed')}（{vote.heldOn}）
              </Tag>
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={rows}
                columns={[
                  { key: 'label', title: t('web.renovation.vote.measure'), dataIndex: 'label' },
                  { key: 'part', title: '', dataIndex: 'part' },
                  { key: 'share', title: t('web.renovation.vote.share'), render: (_: unknown, r) => percent(r.m.share) },
                  { key: 'required', title: '', render: (_: unknown, r) => t('web.renovation.vote.required', { num: r.m.required.num, den: r.m.required.den }) },
                  { key: 'met', title: '', render: (_: unknown, r) => <Tag color={r.m.met ? 'green' : 'red'}>{r.m.met ? '✓' : '✗'}</Tag> },
                ]}
              />
            </>
          )}
        </Space>
      )}
    </Card>
  );
}

/** 资金来源: each source and its amount, the sum against the budget. */
export function FundingCard({ project, onEdit }: { project: Project; onEdit?: () => void }) {
  const f = project.funding;
  return (
    <Card size="small" title={t('web.renovation.detail.funding')} data-testid="renovation-funding" extra={onEdit ? <Button size="small" onClick={onEdit}>{t('web.renovation.funding.edit')}</Button> : null}>
      {!f.lines.length ? (
        <Typography.Text type="secondary">{t('web.renovation.funding.none')}</Typography.Text>
      ) : (
        <Table
          size="small"
          pagination={false}
          rowKey="source"
          dataSource={f.lines}
          columns={[
            { key: 'source', title: t('web.renovation.field.source'), render: (_: unknown, l) => t(`web.renovation.source.${l.source}`) },
            { key: 'amount', title: t('web.renovation.field.amount'), align: 'right', render: (_: unknown, l) => money(l.amount) },
            { key: 'note', title: '', render: (_: unknown, l) => l.note ?? '' },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t('web.renovation.funding.total')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <span data-testid="renovation-funding-total">{money(f.total)}</span>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2}>
                {t('web.renovation.funding.budget')} {money(f.budget)}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      )}
      <div style={{ marginTop: 8 }} data-testid="renovation-funding-check">
        {f.balanced ? (
          <Tag color="green">{t('web.renovation.funding.balanced')}</Tag>
        ) : (
          <Tag color="orange">{t('web.renovation.funding.unbalanced', { total: money(f.total), budget: money(f.budget), diff: money(f.difference) })}</Tag>
        )}
      </div>
    </Card>
  );
}

/** 财政补贴: requested, approved, paid; the applications with their decisions and the payments. */
export function SubsidyCard({ project }: { project: Project }) {
  const s = project.subsidy;
  const remaining = (project.subsidyApproved ?? 0) - project.subsidyDisbursed;
  return (
    <Card size="small" title={t('web.renovation.detail.subsidy')} data-testid="renovation-subsidy" extra={<SubsidyTag status={project.subsidyStatus} />}>
      {!s.applications.length ? (
        <Typography.Text type="secondary">{t('web.renovation.subsidy.none')}</Typography.Text>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={4}>
            <Descriptions.Item label={t('web.renovation.subsidy.requested')}>{money(project.subsidyRequested)}</Descriptions.Item>
            <Descriptions.Item label={t('web.renovation.subsidy.approved')}>{money(project.subsidyApproved)}</Descriptions.Item>
            <Descriptions.Item label={t('web.renovation.subsidy.disbursed')}>{money(project.subsidyDisbursed)}</Descriptions.Item>
            <Descriptions.Item label={t('web.renovation.subsidy.remaining')}>{money(Math.max(0, remaining))}</Descriptions.Item>
          </Descriptions>
          {s.applications.map((a) => (
            <Alert
              key={a.id}
              type={a.status === 'approved' ? 'success' : a.status === 'rejected' ? 'error' : 'info'}
              title={`${formatDateTime(a.appliedAt)} ${t('web.renovation.subsidy.requested')} ${money(a.requested)} · ${t(`web.renovation.subsidyStatus.${a.status === 'approved' || a.status === 'rejected' || a.status === 'applied' ? a.status : 'none'}`)}${a.approved !== null ? ` ${money(a.approved)}` : ''}`}
              description={[a.decidedBy, a.reason ?? a.note].filter(Boolean).join('：') || undefined}
            />
          ))}
          {s.disbursements.length > 0 && (
            <Table
              size="small"
              pagination={false}
              rowKey="id"
              dataSource={s.disbursements}
              columns={[
                { key: 'paidOn', title: t('web.renovation.field.paidOn'), dataIndex: 'paidOn' },
                { key: 'voucherNo', title: t('web.renovation.field.voucherNo'), dataIndex: 'voucherNo' },
                { key: 'amount', title: t('web.renovation.field.amount'), align: 'right', render: (_: unknown, d) => money(d.amount) },
              ]}
            />
          )}
        </Space>
      )}
    </Card>
  );
}
