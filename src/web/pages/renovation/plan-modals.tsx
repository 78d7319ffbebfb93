import { Alert, DatePicker, Form, Input, InputNumber, Modal, Space, Tag, Typography, type FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { recordVote, setFunding } from '../../api/renovation.api.ts';
import { SOURCES, type FundingSource, type Project } from '../../api/renovation.types.ts';
import { applyServerErrors } from '../../components/form-errors.ts';
import { dayjs } from '../../components/format.ts';
import { t } from '../../i18n.ts';
import { fundingTotals, money } from './renovation-logic.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function useSubmit(form: FormInstance<any>, aliases: Record<string, string> = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async (call: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await call();
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err, aliases);
      if (!err.fields.length || rest.length) setError([err.message, ...rest.map((f) => f.message)].join('：'));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

const TALLY = ['totalArea', 'totalOwners', 'participatingArea', 'participatingOwners', 'consentingArea', 'consentingOwners'] as const;
type VoteValues = Record<(typeof TALLY)[number], number> & { heldOn: Dayjs };

/** 记录业主表决: the six tallies and the date; the server checks them against the rule. */
export function VoteModal({ project, open, onClose, onDone }: { project: Project; open: boolean; onClose: () => void; onDone: (p: Project) => void }) {
  const [form] = Form.useForm<VoteValues>();
  const { busy, error, run } = useSubmit(form);
  const submit = (v: VoteValues) =>
    run(async () => {
      const { heldOn, ...tally } = v;
      onDone(await recordVote(project.id, { ...tally, heldOn: heldOn.format('YYYY-MM-DD') }));
    });
  const initial = project.vote ? { ...project.vote, heldOn: dayjs(project.vote.heldOn) } : undefined;
  return (
    <Modal open={open} title={t('web.renovation.vote.title')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden width={560}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<VoteValues> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={initial}>
        <Form.Item name="heldOn" label={t('web.renovation.vote.heldOn')} rules={[{ required: true, message: t('web.elevator.requiredSelect', { label: t('web.renovation.vote.heldOn') }) }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Space wrap>
          {TALLY.map((k) => (
            <Form.Item key={k} name={k} label={t(`web.renovation.vote.${k}`)} rules={[{ required: true, message: t('web.elevator.required', { label: t(`web.renovation.vote.${k}`) }) }]}>
              <InputNumber min={0} precision={k.endsWith('Area') ? 2 : 0} style={{ width: 240 }} />
            </Form.Item>
          ))}
        </Space>
      </Form>
    </Modal>
  );
}

type FundingValues = Partial<Record<FundingSource, number | null>>;

/** 填报资金来源: an amount per source with the running sum against the budget. */
export function FundingModal({ project, open, onClose, onDone }: { project: Project; open: boolean; onClose: () => void; onDone: (p: Project) => void }) {
  const [form] = Form.useForm<FundingValues>();
  const values = Form.useWatch([], form) as FundingValues | undefined;
  const { busy, error, run } = useSubmit(form);
  const totals = fundingTotals(project.budget, SOURCES.map((s) => values?.[s]));
  const submit = (v: FundingValues) =>
    run(async () => {
      const lines = SOURCES.filter((s) => (v[s] ?? 0) > 0).map((s) => ({ source: s, amount: v[s]! }));
      onDone(await setFunding(project.id, lines));
    });
  const initial = Object.fromEntries(project.funding.lines.map((l) => [l.source, l.amount]));
  return (
    <Modal open={open} title={t('web.renovation.funding.title')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<FundingValues> form={form} layout="horizontal" labelCol={{ span: 9 }} onFinish={submit} preserve={false} initialValues={initial}>
        {SOURCES.map((s) => (
          <Form.Item key={s} name={s} label={t(`web.renovation.source.${s}`)}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        ))}
      </Form>
      <Typography.Paragraph data-testid="renovation-funding-live">
        {t('web.renovation.funding.total')} {money(totals.total)} / {t('web.renovation.funding.budget')} {money(project.budget)}{' '}
        {totals.balanced ? <Tag color="green">{t('web.renovation.funding.balanced')}</Tag> : <Tag color="orange">{t('web.renovation.funding.difference')} {money(totals.difference)}</Tag>}
      </Typography.Paragraph>
    </Modal>
  );
}

/** The note every simple step may carry. */
export const NoteField = () => (
  <Form.Item name="note" label={t('web.renovation.field.note')}>
    <Input.TextArea rows={2} maxLength={1000} />
  </Form.Item>
);
export { useSubmit };
