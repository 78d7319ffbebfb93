import { Alert, App, Button, Card, Form, Input, Modal, Progress, Select, Space, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { campaignElevators, closeCampaign, getCampaign, recordCampaignResult } from '../../api/enforcement.api.ts';
import type { CampaignElevator } from '../../api/enforcement.types.ts';
import type { ApiError } from '../../api/http.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { percentDone } from './enforcement-logic.ts';

const RESULT_COLOR = { pending: 'default', ok: 'green', hazard: 'red' } as const;

/** `/enforcement/campaigns/:id`: progress by region and inspector, and the elevators with their results. */
export default function CampaignPage() {
  const id = Number(useParams().id);
  const { message } = App.useApp();
  const { can, me } = useSession();
  const manage = can('enforcement.manage');
  const [mine, setMine] = useState(false);
  const [page, setPage] = useState(1);
  const campaign = useAsync(() => getCampaign(id), [id]);
  const rows = useAsync(() => campaignElevators(id, { mine: mine || undefined, page, pageSize: 20 }), [id, mine, page]);
  const [hazardFor, setHazardFor] = useState<string>();
  const [form] = Form.useForm<{ description: string; severity: 'serious' | 'general' }>();
  const reload = () => {
    campaign.reload();
    rows.reload();
  };
  const fail = (e: unknown) => message.error((e as ApiError).message);
  const active = campaign.data?.status === 'active';

  const columns: TableColumnsType<CampaignElevator> = [
    { key: 'code', title: t('web.enforcement.campaign.code'), dataIndex: 'registrationCode', width: 200 },
    { key: 'address', title: t('web.enforcement.campaign.address'), dataIndex: 'address' },
    { key: 'inspector', title: t('web.enforcement.campaign.inspector'), width: 120, render: (_: unknown, r) => r.inspector.name },
    { key: 'result', title: t('web.enforcement.campaign.result'), width: 110, render: (_: unknown, r) => <Tag color={RESULT_COLOR[r.result]}>{t(`web.enforcement.campaign.results.${r.result}`)}</Tag> },
    {
      key: 'act',
      title: '',
      width: 200,
      render: (_: unknown, r) =>
        manage && active && r.result === 'pending' && (r.inspector.id === me.id || !mine) ? (
          <Space size={4}>
            <Button size="small" onClick={() => recordCampaignResult(id, r.registrationCode, { result: 'ok' }).then(reload, fail)}>{t('web.enforcement.campaign.markOk')}</Button>
            <Button size="small" danger onClick={() => setHazardFor(r.registrationCode)}>{t('web.enforcement.campaign.markHazard')}</Button>
          </Space>
        ) : null,
    },
  ];
  const c = campaign.data;
  return (
    <Card>
      <PageHeader title={c?.name ?? t('web.enforcement.campaign.title')} extra={manage && active && <Button onClick={() => closeCampaign(id).then(reload, fail)}>{t('web.enforcement.campaign.close')}</Button>} />
      {campaign.error && <Alert type="error" showIcon title={campaign.error.message} />}
      {c && (
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          <Progress percent={percentDone(c.progress)} format={() => `${c.progress.done}/${c.progress.total}`} data-testid="campaign-progress" />
          <Space align="start" wrap size={24}>
            <Table size="small" rowKey="regionCode" pagination={false} dataSource={c.byRegion} title={() => t('web.enforcement.campaign.byRegion')}
              columns={[{ key: 'n', title: t('web.enforcement.campaign.region'), dataIndex: 'name' }, { key: 'd', title: t('web.enforcement.campaign.done'), render: (_: unknown, r) => `${r.done}/${r.total}` }, { key: 'h', title: t('web.enforcement.campaign.hazards'), dataIndex: 'hazard' }]} />
            <Table size="small" rowKey="userId" pagination={false} dataSource={c.byInspector} title={() => t('web.enforcement.campaign.byInspector')}
              columns={[{ key: 'n', title: t('web.enforcement.campaign.inspector'), dataIndex: 'name' }, { key: 'd', title: t('web.enforcement.campaign.done'), render: (_: unknown, r) => `${r.done}/${r.total}` }, { key: 'h', title: t('web.enforcement.campaign.hazards'), dataIndex: 'hazard' }]} />
          </Space>
          <Space><Switch checked={mine} onChange={(v) => { setMine(v); setPage(1); }} aria-label={t('web.enforcement.campaign.mine')} />{t('web.enforcement.campaign.mine')}</Space>
          <Table<CampaignElevator> data-testid="campaign-elevators" rowKey="registrationCode" size="small" loading={rows.loading} columns={columns} dataSource={rows.data?.items ?? []}
            pagination={{ current: page, pageSize: 20, total: rows.data?.total ?? 0, onChange: setPage, showSizeChanger: false }} />
        </Space>
      )}
      <Modal title={t('web.enforcement.campaign.markHazard')} open={!!hazardFor} onCancel={() => setHazardFor(undefined)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ severity: 'general' }}
          onFinish={(v) => recordCampaignResult(id, hazardFor!, { result: 'hazard', hazard: v }).then(() => { setHazardFor(undefined); reload(); }, fail)}>
          <Form.Item name="description" label={t('web.enforcement.campaign.hazardText')} rules={[{ required: true }]}><Input.TextArea rows={3} /></Form.Item>
          <Form.Item name="severity" label={t('web.enforcement.campaign.severity')}>
            <Select options={(['serious', 'general'] as const).map((s) => ({ value: s, label: t(`web.enforcement.severity.${s}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
