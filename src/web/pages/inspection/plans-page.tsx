import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Modal, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError, FieldError } from '../../api/http.ts';
import { addPlan, listPlans } from '../../api/inspection.api.ts';
import type { Person, Plan, PlanStatus, PlanType } from '../../api/inspection.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { enumLabel, enumOptions, t } from '../../i18n.ts';
import { AgencySelect } from './agency-select.tsx';

interface PlanFormValues {
  registrationCode: string;
  plannedDate: Dayjs;
  type: PlanType;
  inspectors?: Partial<Person>[];
  agencyOrgId?: number;
}

/** `/inspection/plans` 检验计划: an agency's planned visits and use units' applications (报检), and a form for either. */
export default function PlansPage() {
  const { me, can } = useSession();
  const [status, setStatus] = useState<PlanStatus>();
  const [regionCode, setRegion] = useState<string>();
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const [adding, setAdding] = useState(false);
  const list = useAsync(
    () => listPlans({ status, regionCode, from: range?.[0].format('YYYY-MM-DD'), to: range?.[1].format('YYYY-MM-DD'), ...page }),
    [status, regionCode, range?.[0].valueOf(), range?.[1].valueOf(), page.page, page.pageSize],
  );
  const isAgency = me.orgType === 'inspection';
  const filter = (fn: () => void) => {
    fn();
    setPage((p) => ({ ...p, page: 1 }));
  };

  const columns: TableColumnsType<Plan> = [
    { key: 'plannedDate', title: t('web.inspection.plans.plannedDate'), dataIndex: 'plannedDate', width: 110 },
    { key: 'kind', title: t('web.inspection.plans.kind'), width: 130, render: (_: unknown, p) => <Tag color={p.kind === 'application' ? 'purple' : 'blue'}>{enumLabel('planKind', p.kind)}</Tag> },
    { key: 'type', title: t('web.inspection.field.type'), width: 100, render: (_: unknown, p) => enumLabel('reportType', p.type) },
    {
      key: 'elevator',
      title: t('web.inspection.field.registrationCode'),
      render: (_: unknown, p) => (
        <div>
          <Link to={`/elevators/${p.registrationCode}`}>{p.registrationCode}</Link>
          <Typography.Text type="secondary" ellipsis={{ tooltip: p.address }} style={{ display: 'block', fontSize: 12, maxWidth: 320 }}>
            {p.address}
          </Typography.Text>
        </div>
      ),
    },
    { key: 'org', title: t('web.inspection.plans.org'), width: 220, ellipsis: true, dataIndex: 'org' },
    { key: 'agency', title: t('web.inspection.field.agency'), width: 220, ellipsis: true, render: (_: unknown, p) => p.agency ?? t('web.common.none') },
    { key: 'inspectors', title: t('web.inspection.field.inspectors'), width: 160, render: (_: unknown, p) => p.inspectors.map((i) => i.name).join('、') || t('web.common.none') },
    {
      key: 'status',
      title: t('web.inspection.plans.status'),
      width: 140,
      render: (_: unknown, p) => (
        <Space size={4}>
          <Tag color={p.status === 'done' ? 'green' : p.status === 'cancelled' ? 'default' : 'gold'}>{enumLabel('planStatus', p.status)}</Tag>
          {p.reportId && <Link to={`/inspection/reports?id=${p.reportId}`}>{t('web.inspection.plans.report')}</Link>}
        </Space>
      ),
    },
  ];

  return (
    <Card>
      <PageHeader
        title={t('web.inspection.plans.title')}
        extra={
          can('inspection.plan') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {isAgency ? t('web.inspection.plans.addPlan') : t('web.inspection.plans.addApplication')}
            </Button>
          )
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear style={{ width: 120 }} placeholder={t('web.inspection.plans.status')} value={status} options={enumOptions('planStatus')} onChange={(v?: PlanStatus) => filter(() => setStatus(v))} />
        <DatePicker.RangePicker value={range} onChange={(v) => filter(() => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null))} />
        <RegionSelect value={regionCode} onChange={(v) => filter(() => setRegion(v))} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<Plan>
        data-testid="plan-table"
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1300 }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('web.common.total', { total }) }}
        onChange={(p) => setPage({ page: p.pageSize !== page.pageSize ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? page.pageSize })}
      />
      <PlanModal
        open={adding}
        isAgency={isAgency}
        onClose={() => setAdding(false)}
        onDone={() => {
          setAdding(false);
          list.reload();
        }}
      />
    </Card>
  );
}

function PlanModal({ open, isAgency, onClose, onDone }: { open: boolean; isAgency: boolean; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [problems, setProblems] = useState<FieldError[]>([]);
  const submit = async (v: PlanFormValues) => {
    setBusy(true);
    setError(undefined);
    setProblems([]);
    try {
      await addPlan({
        registrationCode: v.registrationCode.trim(),
        plannedDate: v.plannedDate.format('YYYY-MM-DD'),
        type: v.type,
        inspectors: (v.inspectors ?? []).map((p) => ({ name: (p.name ?? '').trim(), certificateNo: (p.certificateNo ?? '').trim() })).filter((p) => p.name || p.certificateNo),
        agencyOrgId: isAgency ? undefined : v.agencyOrgId,
      });
      message.success(t('web.common.saved'));
      onDone();
    } catch (e) {
      const err = e as ApiError;
      setError(err);
      setProblems(applyServerErrors(form, err));
    } finally {
      setBusy(false);
    }
  };
  const req = (label: string) => [{ required: true, message: t('web.inspection.upload.required', { label }) }];
  return (
    <Modal
      open={open}
      width={680}
      title={isAgency ? t('web.inspection.plans.addPlan') : t('web.inspection.plans.addApplication')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error.message} description={problems.map((p) => <div key={p.field}>{`${p.field}: ${p.message}`}</div>)} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ type: 'periodic', inspectors: isAgency ? [{}] : [] }}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="registrationCode" label={t('web.inspection.field.registrationCode')} rules={[...req(t('web.inspection.field.registrationCode')), { pattern: /^\d{20}$/, message: t('web.inspection.plans.codeInvalid') }]}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="plannedDate" label={t('web.inspection.plans.plannedDate')} rules={req(t('web.inspection.plans.plannedDate'))}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="type" label={t('web.inspection.field.type')} rules={req(t('web.inspection.field.type'))}>
              <Select options={enumOptions('reportType')} />
            </Form.Item>
          </Col>
        </Row>
        {!isAgency && (
          <Form.Item name="agencyOrgId" label={t('web.inspection.plans.agency')} rules={req(t('web.inspection.plans.agency'))}>
            <AgencySelect />
          </Form.Item>
        )}
        {isAgency && (
          <Form.List name="inspectors">
            {(fields, { add, remove }) => (
              <>
                {fields.map(({ key, name }) => (
                  <Row gutter={8} key={key}>
                    <Col span={10}>
                      <Form.Item name={[name, 'name']}>
                        <Input placeholder={t('web.inspection.field.inspectorName')} />
                      </Form.Item>
                    </Col>
                    <Col span={12}>
                      <Form.Item name={[name, 'certificateNo']}>
                        <Input placeholder={t('web.inspection.field.certificateNo')} />
                      </Form.Item>
                    </Col>
                    <Col span={2}>
                      <MinusCircleOutlined style={{ marginTop: 9 }} onClick={() => remove(name)} />
                    </Col>
                  </Row>
                ))}
                <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({})}>
                  {t('web.inspection.upload.addInspector')}
                </Button>
              </>
            )}
          </Form.List>
        )}
      </Form>
    </Modal>
  );
}
