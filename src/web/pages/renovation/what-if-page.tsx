import { Alert, Button, Card, Form, InputNumber, Radio, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { runWhatIf } from '../../api/renovation.api.ts';
import type { Tier, WhatIfInput, WhatIfResult, WhatIfRow } from '../../api/renovation.types.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { t } from '../../i18n.ts';
import { money } from './renovation-logic.ts';

interface Values {
  budget: number;
  regionCode?: string;
  tier: Tier;
  minGrade?: number;
  basis: 'subsidy' | 'cost';
  amount: number;
  subsidyRate?: number;
  cap?: number;
}

const TIERS: Tier[] = ['all', 'age15', 'age20', 'overspeed'];

/** `/renovation/what-if` 补贴测算: a subsidy budget → the elevators to fund first by risk per yuan, with reasons. */
export default function WhatIfPage() {
  const [form] = Form.useForm<Values>();
  const basis = Form.useWatch('basis', form);
  const [result, setResult] = useState<WhatIfResult>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      const assumption: WhatIfInput['assumption'] = v.basis === 'subsidy' ? { basis: 'subsidy', amount: v.amount } : { basis: 'cost', amount: v.amount, subsidyRate: (v.subsidyRate ?? 100) / 100, cap: v.cap || undefined };
      setResult(await runWhatIf({ budget: v.budget, regionCode: v.regionCode, tier: v.tier, minGrade: v.minGrade, assumption }));
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const columns: TableColumnsType<WhatIfRow> = [
    { key: 'rank', title: t('web.renovation.whatIf.rank'), dataIndex: 'rank', width: 60 },
    { key: 'code', title: t('web.renovation.field.registrationCode'), width: 200, render: (_: unknown, r) => <Link to={`/elevators/${r.registrationCode}`}>{r.registrationCode}</Link> },
    { key: 'address', title: t('web.renovation.field.address'), dataIndex: 'address', ellipsis: true },
    { key: 'age', title: t('web.renovation.whatIf.age'), dataIndex: 'ageYears', width: 80, align: 'right' },
    { key: 'score', title: t('web.renovation.whatIf.score'), dataIndex: 'score', width: 90, align: 'right' },
    { key: 'grade', title: t('web.renovation.whatIf.grade'), dataIndex: 'grade', width: 60, align: 'right' },
    { key: 'cost', title: t('web.renovation.whatIf.cost'), width: 130, align: 'right', render: (_: unknown, r) => money(r.cost) },
    { key: 'ratio', title: t('web.renovation.whatIf.riskPer10k'), dataIndex: 'riskPer10k', width: 110, align: 'right' },
    { key: 'cum', title: t('web.renovation.whatIf.cumulative'), width: 130, align: 'right', render: (_: unknown, r) => money(r.cumulative) },
    { key: 'reason', title: t('web.renovation.whatIf.reason'), dataIndex: 'reason', width: 360 },
  ];
  return (
    <Card>
      <PageHeader title={t('web.renovation.whatIf.title')} />
      <Typography.Paragraph type="secondary">{t('web.renovation.whatIf.intro')}</Typography.Paragraph>
      <Form<Values> form={form} layout="inline" onFinish={submit} initialValues={{ tier: 'age20', basis: 'subsidy', amount: 100_000, subsidyRate: 30, budget: 1_000_000 }} style={{ rowGap: 12, marginBottom: 16 }}>
        <Form.Item name="budget" label={t('web.renovation.whatIf.budget')} rules={[{ required: true, message: t('web.elevator.required', { label: t('web.renovation.whatIf.budget') }) }]}>
          <InputNumber min={0} precision={2} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('web.renovation.whatIf.region')}>
          <RegionSelect style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="tier" label={t('web.renovation.whatIf.tier')}>
          <Select style={{ width: 300 }} options={TIERS.map((x) => ({ value: x, label: t(`web.renovation.whatIf.tiers.${x}`) }))} />
        </Form.Item>
        <Form.Item name="minGrade" label={t('web.renovation.whatIf.minGrade')}>
          <Select allowClear style={{ width: 90 }} options={[1, 2, 3, 4].map((g) => ({ value: g, label: String(g) }))} />
        </Form.Item>
        <Form.Item name="basis" label={t('web.renovation.whatIf.basis')}>
          <Radio.Group options={[{ value: 'subsidy', label: t('web.renovation.whatIf.basisSubsidy') }, { value: 'cost', label: t('web.renovation.whatIf.basisCost') }]} />
        </Form.Item>
        <Form.Item name="amount" label={t('web.renovation.whatIf.amount')} rules={[{ required: true, message: t('web.elevator.required', { label: t('web.renovation.whatIf.amount') }) }]}>
          <InputNumber min={0.01} precision={2} style={{ width: 140 }} />
        </Form.Item>
        {basis === 'cost' && (
          <>
            <Form.Item name="subsidyRate" label={t('web.renovation.whatIf.rate')}>
              <InputNumber min={1} max={100} suffix="%" style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name="cap" label={t('web.renovation.whatIf.cap')}>
              <InputNumber min={0} precision={2} style={{ width: 140 }} />
            </Form.Item>
          </>
        )}
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('web.renovation.whatIf.run')}
          </Button>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={[error.message, ...error.fields.map((f) => `${f.field}：${f.message}`)].join(' ')} style={{ marginBottom: 12 }} />}
      {result && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="what-if-result">
          <Alert
            type="info"
            showIcon
            title={t('web.renovation.whatIf.summary', { budget: money(result.budget), n: result.funded.length, total: money(result.total), remaining: money(result.remaining), candidates: result.candidates })}
            description={
              <>
                <div>{result.next ? t('web.renovation.whatIf.next', { shortfall: money(result.next.shortfall), code: result.next.registrationCode, score: result.next.score }) : t('web.renovation.whatIf.nextNone')}</div>
                {result.inProject > 0 && <div>{t('web.renovation.whatIf.inProject', { n: result.inProject })}</div>}
              </>
            }
          />
          <Typography.Title level={5}>{t('web.renovation.whatIf.funded')}</Typography.Title>
          <Table<WhatIfRow> data-testid="what-if-funded" rowKey="registrationCode" size="small" columns={columns} dataSource={result.funded} scroll={{ x: 1400 }} pagination={{ pageSize: 50 }} />
          {result.passedOver.length > 0 && (
            <>
              <Typography.Title level={5}>{t('web.renovation.whatIf.passedOver')}</Typography.Title>
              <Table<WhatIfRow> rowKey="registrationCode" size="small" columns={columns} dataSource={result.passedOver} scroll={{ x: 1400 }} pagination={{ pageSize: 20 }} />
            </>
          )}
          {result.unscored.total > 0 && (
            <>
              <Typography.Title level={5}>{t('web.renovation.whatIf.unscored', { n: result.unscored.total })}</Typography.Title>
              <Table
                rowKey="registrationCode"
                size="small"
                pagination={false}
                dataSource={result.unscored.items}
                columns={[
                  { key: 'code', title: t('web.renovation.field.registrationCode'), width: 200, render: (_: unknown, r) => <Link to={`/elevators/${r.registrationCode}`}>{r.registrationCode}</Link> },
                  { key: 'address', title: t('web.renovation.field.address'), dataIndex: 'address' },
                  { key: 'age', title: t('web.renovation.whatIf.age'), dataIndex: 'ageYears', width: 90 },
                ]}
              />
            </>
          )}
        </Space>
      )}
    </Card>
  );
}
