import { Alert, App, Button, Card, Col, Divider, Form, Input, InputNumber, Row, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { ApiError, FieldError } from '../../api/http.ts';
import { getRiskModel, saveRiskModel } from '../../api/risk.api.ts';
import type { ConclusionKey, RiskModelParams, ScaleKey } from '../../api/risk.types.ts';
import { RISK_FACTORS } from '../../api/risk.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { enumLabel, t } from '../../i18n.ts';
import { RecomputePanel } from './recompute-panel.tsx';
import { useInputLabels } from './risk-bits.tsx';
import { factorLabel, isProvinceLevel, modelProblems, weightSum } from './risk-logic.ts';

const SCALES: ScaleKey[] = ['ageYears', 'faults12m', 'entrapments12m', 'defectPoints', 'overdueDays', 'flags12m', 'complaints12m'];
const CONCLUSIONS: ConclusionKey[] = ['pass', 'pass_after_reinspection', 'pending', 'fail', 'fail_after_reinspection', 'none'];

interface Values {
  params: RiskModelParams;
  note: string;
}

const num = (props: { min?: number; max?: number; step?: number } = {}) => <InputNumber style={{ width: '100%' }} {...props} />;

/**
 * `/risk/model` 风险模型: the current version's weights, grade thresholds, scales and factor tables. Province users
 * (the administrator, a provincial regulator) save a new version with a note and start a recomputation; everyone else
 * reads the parameters.
 */
export default function ModelPage() {
  const { me } = useSession();
  const { message } = App.useApp();
  const editable = isProvinceLevel(me);
  const labels = useInputLabels();
  const model = useAsync(getRiskModel, []);
  const [form] = Form.useForm<Values>();
  const weights = Form.useWatch(['params', 'weights'], form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [problems, setProblems] = useState<FieldError[]>([]);
  const m = model.data;
  useEffect(() => {
    if (m) form.setFieldsValue({ params: m.params, note: '' });
  }, [m]);

  const sum = weightSum(weights ?? {});
  const submit = async (v: Values) => {
    setError(undefined);
    setProblems([]);
    const params = { ...m!.params, ...v.params };
    const local = modelProblems(params);
    if (local.length) {
      setError(t('web.risk.model.problems'));
      setProblems(
        local.map((field) => ({
          field,
          message:
            field === 'weights'
              ? t('web.risk.model.weightSumBad', { sum })
              : field === 'thresholds'
                ? t('web.risk.model.thresholdsBad')
                : t('web.risk.model.scaleBad', { name: t(`web.risk.model.scale.${field.slice('scales.'.length) as ScaleKey}`) }),
        })),
      );
      return;
    }
    setBusy(true);
    try {
      const saved = await saveRiskModel({ params, note: v.note.trim() });
      message.success(t('web.risk.model.saved', { version: saved.version }));
      model.reload();
    } catch (e) {
      const err = e as ApiError;
      setError(err.message);
      setProblems(applyServerErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  if (model.error) return <Card><Alert type="error" showIcon title={model.error.message} /></Card>;
  if (!m) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;

  return (
    <Card>
      <PageHeader
        title={t('web.risk.model.title')}
        extra={
          <Typography.Text type="secondary" data-testid="model-version">
            {t('web.risk.model.version', { version: m.version })} · {t('web.risk.model.createdAt', { at: formatDateTime(m.createdAt) })}
          </Typography.Text>
        }
      />
      <Typography.Paragraph type="secondary">{t('web.risk.model.intro')}</Typography.Paragraph>
      {m.note && <Typography.Paragraph>{m.note}</Typography.Paragraph>}
      {!editable && <Alert type="info" showIcon title={t('web.risk.model.readOnly')} style={{ marginBottom: 12 }} />}
      {editable && (
        <div style={{ marginBottom: 16 }}>
          <RecomputePanel />
        </div>
      )}
      <Form form={form} layout="vertical" onFinish={submit} disabled={!editable} data-testid="model-form">
        <Divider titlePlacement="start">
          {t('web.risk.model.weights')}{' '}
          <Typography.Text type={Math.abs(sum - 100) > 1e-9 ? 'danger' : 'success'} data-testid="weight-sum">
            {t('web.risk.model.weightSum', { sum })}
          </Typography.Text>
        </Divider>
        <Row gutter={16}>
          {RISK_FACTORS.map((f) => (
            <Col xs={12} md={6} key={f}>
              <Form.Item name={['params', 'weights', f]} label={factorLabel(f)} rules={[{ required: true }]}>
                {num({ min: 0, max: 100, step: 1 })}
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Divider titlePlacement="start">{t('web.risk.model.thresholds')}</Divider>
        <Row gutter={16}>
          {[0, 1, 2].map((i) => (
            <Col xs={8} md={4} key={i}>
              <Form.Item name={['params', 'thresholds', i]} label={t('web.risk.model.threshold', { grade: i + 2 })} rules={[{ required: true }]}>
                {num({ min: 0, max: 100 })}
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Divider titlePlacement="start">{t('web.risk.model.scales')}</Divider>
        <Row gutter={16}>
          {SCALES.map((k) => (
            <Col xs={12} md={6} key={k}>
              <Form.Item name={['params', 'scales', k]} label={t(`web.risk.model.scale.${k}`)} rules={[{ required: true }]}>
                {num({ min: 0 })}
              </Form.Item>
            </Col>
          ))}
          <Col xs={12} md={6}>
            <Form.Item name={['params', 'seriousDefectWeight']} label={t('web.risk.model.seriousDefectWeight')} rules={[{ required: true }]}>
              {num({ min: 1, max: 10 })}
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('web.risk.model.conclusionValues')}</Divider>
        <Row gutter={16}>
          {CONCLUSIONS.map((k) => (
            <Col xs={12} md={4} key={k}>
              <Form.Item name={['params', 'conclusionValues', k]} label={t(`web.risk.model.conclusion.${k}`)} rules={[{ required: true }]}>
                {num({ min: 0, max: 1, step: 0.1 })}
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Divider titlePlacement="start">{t('web.risk.model.placeFactors')}</Divider>
        <Row gutter={16}>
          {Object.keys(m.params.placeFactors).map((k) => (
            <Col xs={12} md={4} key={k}>
              <Form.Item name={['params', 'placeFactors', k]} label={enumLabel('placeType', k)} rules={[{ required: true }]}>
                {num({ min: 0, max: 1, step: 0.1 })}
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Divider titlePlacement="start">{t('web.risk.model.categoryFactors')}</Divider>
        <Row gutter={16}>
          {Object.keys(m.params.categoryFactors).map((k) => (
            <Col xs={12} md={6} key={k}>
              <Form.Item name={['params', 'categoryFactors', k]} label={labels.category(k)} rules={[{ required: true }]}>
                {num({ min: 0, max: 1, step: 0.1 })}
              </Form.Item>
            </Col>
          ))}
          <Col xs={12} md={6}>
            <Form.Item name={['params', 'defaultCategoryFactor']} label={t('web.risk.model.defaultCategoryFactor')} rules={[{ required: true }]}>
              {num({ min: 0, max: 1, step: 0.1 })}
            </Form.Item>
          </Col>
        </Row>
        {editable && (
          <>
            <Divider />
            {error && (
              <Alert type="error" showIcon title={error} description={problems.length ? problems.map((p) => <div key={p.field}>{p.message}</div>) : undefined} style={{ marginBottom: 12 }} data-testid="model-error" />
            )}
            <Form.Item name="note" label={t('web.risk.model.note')} rules={[{ required: true, whitespace: true, message: t('web.risk.model.noteRequired') }]}>
              <Input maxLength={500} />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('web.risk.model.save')}
              </Button>
              <Button onClick={() => form.setFieldsValue({ params: m.params })}>{t('web.risk.model.reset')}</Button>
            </Space>
          </>
        )}
      </Form>
    </Card>
  );
}
