import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { createCheck, listChecks, listInspectors } from '../../api/enforcement.api.ts';
import type { SupervisionCheck } from '../../api/enforcement.types.ts';
import type { ApiError } from '../../api/http.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import { dayjs } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { splitCodes } from './enforcement-logic.ts';

interface FindingValues {
  registrationCode?: string;
  description: string;
  severity: 'serious' | 'general';
  raiseHazard?: boolean;
}

/** `/enforcement/checks` 监督检查: checks in the region with findings; a finding may raise a hazard. */
export default function ChecksPage() {
  const { message } = App.useApp();
  const { can } = useSession();
  const manage = can('enforcement.manage');
  const [page, setPage] = useState(1);
  const data = useAsync(() => listChecks({ page, pageSize: 20 }), [page]);
  const inspectors = useAsync(() => (manage ? listInspectors() : Promise.resolve({ items: [] })), [manage]);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();

  const submit = async (v: Record<string, unknown>) => {
    try {
      await createCheck({
        targetCreditCode: (v.targetCreditCode as string | undefined)?.trim() || undefined,
        registrationCodes: splitCodes(v.codes as string | undefined),
        checkedOn: (v.checkedOn as ReturnType<typeof dayjs>).format('YYYY-MM-DD'),
        inspectorIds: (v.inspectorIds as number[] | undefined) ?? [],
        summary: v.summary as string,
        findings: ((v.findings as FindingValues[] | undefined) ?? []).map((f) => ({ ...f, registrationCode: f.registrationCode?.trim() || undefined, raiseHazard: Boolean(f.raiseHazard) })),
      });
      setOpen(false);
      form.resetFields();
      data.reload();
    } catch (e) {
      applyServerErrors(form, e as ApiError, { registrationCodes: 'codes' });
      message.error((e as ApiError).message);
    }
  };

  const columns: TableColumnsType<SupervisionCheck> = [
    { key: 'checkedOn', title: t('web.enforcement.check.checkedOn'), dataIndex: 'checkedOn', width: 110 },
    { key: 'target', title: t('web.enforcement.check.target'), render: (_: unknown, c) => c.target?.name ?? c.elevators.map((e) => e.registrationCode).join('、') },
    { key: 'summary', title: t('web.enforcement.check.summary'), dataIndex: 'summary' },
    { key: 'inspectors', title: t('web.enforcement.check.inspectors'), width: 160, render: (_: unknown, c) => c.inspectors.map((i) => i.name).join('、') },
    {
      key: 'findings',
      title: t('web.enforcement.check.findings'),
      render: (_: unknown, c) => (
        <Space orientation="vertical" size={0}>
          {c.findings.map((f) => (
            <span key={f.id}>
              <Tag color={f.severity === 'serious' ? 'red' : 'default'}>{t(`web.enforcement.severity.${f.severity}`)}</Tag>
              {f.description}
              {f.hazardId && <Tag color="orange" style={{ marginLeft: 4 }}>{t('web.enforcement.check.hazardRaised', { id: f.hazardId })}</Tag>}
            </span>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <Card>
      <PageHeader title={t('web.enforcement.check.title')} extra={manage && <Button type="primary" onClick={() => setOpen(true)}>{t('web.enforcement.check.new')}</Button>} />
      {data.error && <Alert type="error" showIcon title={data.error.message} style={{ marginBottom: 12 }} />}
      <Table<SupervisionCheck> data-testid="checks-table" rowKey="id" size="small" loading={data.loading} columns={columns} dataSource={data.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: data.data?.total ?? 0, onChange: setPage, showSizeChanger: false }} />
      <Modal title={t('web.enforcement.check.new')} open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ checkedOn: dayjs(), findings: [] }}>
          <Form.Item name="targetCreditCode" label={t('web.enforcement.check.targetCode')}><Input maxLength={18} /></Form.Item>
          <Form.Item name="codes" label={t('web.enforcement.check.codes')}><Input.TextArea rows={2} placeholder={t('web.enforcement.check.codesHint')} /></Form.Item>
          <Space>
            <Form.Item name="checkedOn" label={t('web.enforcement.check.checkedOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
            <Form.Item name="inspectorIds" label={t('web.enforcement.check.inspectors')}>
              <Select mode="multiple" style={{ minWidth: 260 }} options={(inspectors.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.name}（${i.orgName}）` }))} />
            </Form.Item>
          </Space>
          <Form.Item name="summary" label={t('web.enforcement.check.summary')} rules={[{ required: true }]}><Input.TextArea rows={2} /></Form.Item>
          <Form.List name="findings">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="start" wrap>
                    <Form.Item name={[f.name, 'description']} rules={[{ required: true }]}><Input placeholder={t('web.enforcement.check.findingText')} style={{ width: 220 }} /></Form.Item>
                    <Form.Item name={[f.name, 'severity']} initialValue="general">
                      <Select style={{ width: 100 }} options={(['serious', 'general'] as const).map((s) => ({ value: s, label: t(`web.enforcement.severity.${s}`) }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'registrationCode']}><Input placeholder={t('web.enforcement.check.findingCode')} style={{ width: 200 }} /></Form.Item>
                    <Form.Item name={[f.name, 'raiseHazard']} valuePropName="checked"><Checkbox>{t('web.enforcement.check.raiseHazard')}</Checkbox></Form.Item>
                    <Button type="link" onClick={() => remove(f.name)}>{t('web.enforcement.common.remove')}</Button>
                  </Space>
                ))}
                <Button onClick={() => add({ severity: 'general' })}>{t('web.enforcement.check.addFinding')}</Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </Card>
  );
}
