import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Progress, Radio, Select, Space, Statistic, Steps, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { createCampaign, listCampaigns, listInspectors, previewCampaign } from '../../api/enforcement.api.ts';
import type { Campaign, CampaignCriteria, CampaignPreview } from '../../api/enforcement.types.ts';
import type { ApiError } from '../../api/http.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { dayjs } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { enumOptions, t } from '../../i18n.ts';
import { percentDone, toCriteria } from './enforcement-logic.ts';

/** `/enforcement/campaigns` 专项行动: campaigns with progress, and the wizard criteria → preview → assign. */
export default function CampaignsPage() {
  const { message } = App.useApp();
  const { can } = useSession();
  const navigate = useNavigate();
  const manage = can('enforcement.manage');
  const data = useAsync(() => listCampaigns(), []);
  const inspectors = useAsync(() => (manage ? listInspectors() : Promise.resolve({ items: [] })), [manage]);
  const [wizard, setWizard] = useState(false);
  const [stepNo, setStep] = useState(0);
  const [criteria, setCriteria] = useState<CampaignCriteria>({});
  const [preview, setPreview] = useState<CampaignPreview>();
  const [criteriaForm] = Form.useForm();
  const [assignForm] = Form.useForm();
  const fail = (e: unknown) => message.error((e as ApiError).message);

  const doPreview = async (v: Record<string, unknown>) => {
    const c = toCriteria(v);
    try {
      setPreview(await previewCampaign(c));
      setCriteria(c);
      setStep(1);
    } catch (e) {
      fail(e);
    }
  };
  const doCreate = async (v: { name: string; endsOn: ReturnType<typeof dayjs>; assignment: 'round_robin' | 'by_county'; inspectorIds: number[] }) => {
    try {
      const c = await createCampaign({ name: v.name, criteria, endsOn: v.endsOn.format('YYYY-MM-DD'), assignment: v.assignment, inspectorIds: v.inspectorIds });
      setWizard(false);
      navigate(`/enforcement/campaigns/${c.id}`);
    } catch (e) {
      fail(e);
    }
  };
  const open = () => {
    setStep(0);
    setPreview(undefined);
    criteriaForm.resetFields();
    assignForm.resetFields();
    setWizard(true);
  };

  const columns: TableColumnsType<Campaign> = [
    { key: 'name', title: t('web.enforcement.campaign.name'), render: (_: unknown, c) => <Link to={`/enforcement/campaigns/${c.id}`}>{c.name}</Link> },
    { key: 'endsOn', title: t('web.enforcement.campaign.endsOn'), width: 130, render: (_: unknown, c) => <Space>{c.endsOn}{c.overdue && <Tag color="red">{t('web.enforcement.campaign.late')}</Tag>}</Space> },
    { key: 'status', title: t('web.enforcement.campaign.status'), width: 90, render: (_: unknown, c) => <Tag>{t(`web.enforcement.campaign.state.${c.status}`)}</Tag> },
    { key: 'progress', title: t('web.enforcement.campaign.progress'), width: 260, render: (_: unknown, c) => <Progress percent={percentDone(c.progress)} size="small" format={() => `${c.progress.done}/${c.progress.total}`} /> },
    { key: 'hazard', title: t('web.enforcement.campaign.hazards'), width: 90, align: 'right', render: (_: unknown, c) => c.progress.hazard },
  ];

  return (
    <Card>
      <PageHeader title={t('web.enforcement.campaign.title')} extra={manage && <Button type="primary" onClick={open}>{t('web.enforcement.campaign.new')}</Button>} />
      {data.error && <Alert type="error" showIcon title={data.error.message} style={{ marginBottom: 12 }} />}
      <Table<Campaign> data-testid="campaigns-table" rowKey="id" size="small" loading={data.loading} columns={columns} dataSource={data.data?.items ?? []} pagination={false} />
      <Modal title={t('web.enforcement.campaign.new')} open={wizard} onCancel={() => setWizard(false)} footer={null} width={720} destroyOnHidden>
        <Steps size="small" current={stepNo} style={{ marginBottom: 16 }} items={[{ title: t('web.enforcement.campaign.stepCriteria') }, { title: t('web.enforcement.campaign.stepPreview') }, { title: t('web.enforcement.campaign.stepAssign') }]} />
        <div style={{ display: stepNo === 0 ? 'block' : 'none' }}>
          <Form form={criteriaForm} layout="vertical" onFinish={doPreview} initialValues={{ ageTier: 'any', hasOpenHazards: 'any' }}>
            <Space wrap>
              <Form.Item name="regionCode" label={t('web.enforcement.campaign.region')}><RegionSelect /></Form.Item>
              <Form.Item name="category" label={t('web.enforcement.campaign.category')}><Input style={{ width: 120 }} maxLength={4} /></Form.Item>
              <Form.Item name="placeType" label={t('web.enforcement.campaign.placeType')}><Select allowClear style={{ width: 140 }} options={enumOptions('placeType')} /></Form.Item>
              <Form.Item name="minRiskGrade" label={t('web.enforcement.campaign.minRiskGrade')}><InputNumber min={1} max={4} /></Form.Item>
            </Space>
            <Form.Item name="ageTier" label={t('web.enforcement.campaign.ageTier')}>
              <Radio.Group options={(['any', '15', '20', 'overspeed'] as const).map((v) => ({ value: v, label: t(`web.enforcement.campaign.tier.${v}`) }))} />
            </Form.Item>
            <Form.Item name="hasOpenHazards" label={t('web.enforcement.campaign.openHazards')}>
              <Radio.Group options={(['any', 'yes', 'no'] as const).map((v) => ({ value: v, label: t(`web.enforcement.campaign.hazardOpt.${v}`) }))} />
            </Form.Item>
            <Button type="primary" htmlType="submit">{t('web.enforcement.campaign.doPreview')}</Button>
          </Form>
        </div>
        {stepNo === 1 && preview && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Statistic title={t('web.enforcement.campaign.matched')} value={preview.total} data-testid="campaign-preview-total" />
            <Table size="small" rowKey="regionCode" pagination={false} dataSource={preview.byRegion} columns={[{ key: 'name', title: t('web.enforcement.campaign.region'), dataIndex: 'name' }, { key: 'count', title: t('web.enforcement.campaign.count'), dataIndex: 'count', align: 'right' }]} />
            <Space>
              <Button onClick={() => setStep(0)}>{t('web.enforcement.common.back')}</Button>
              <Button type="primary" disabled={!preview.total} onClick={() => setStep(2)}>{t('web.enforcement.common.next')}</Button>
            </Space>
          </Space>
        )}
        <div style={{ display: stepNo === 2 ? 'block' : 'none' }}>
          <Form form={assignForm} layout="vertical" onFinish={doCreate} initialValues={{ assignment: 'round_robin', endsOn: dayjs().add(30, 'day') }}>
            <Form.Item name="name" label={t('web.enforcement.campaign.name')} rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="endsOn" label={t('web.enforcement.campaign.endsOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
            <Form.Item name="assignment" label={t('web.enforcement.campaign.assignment')}>
              <Radio.Group options={(['round_robin', 'by_county'] as const).map((v) => ({ value: v, label: t(`web.enforcement.campaign.mode.${v}`) }))} />
            </Form.Item>
            <Form.Item name="inspectorIds" label={t('web.enforcement.campaign.inspectors')} rules={[{ required: true }]}>
              <Select mode="multiple" options={(inspectors.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.name}（${i.orgName}）` }))} />
            </Form.Item>
            <Space>
              <Button onClick={() => setStep(1)}>{t('web.enforcement.common.back')}</Button>
              <Button type="primary" htmlType="submit">{t('web.enforcement.campaign.create')}</Button>
            </Space>
          </Form>
        </div>
      </Modal>
    </Card>
  );
}
