import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Table, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ApiError, FieldError } from '../../api/http.ts';
import { addPostponement, listPostponements } from '../../api/inspection.api.ts';
import type { Postponement } from '../../api/inspection.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useRegions } from '../../components/use-reference.ts';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';

interface PostponeFormValues {
  regionCode: string;
  period: [Dayjs, Dayjs];
  days: number;
  reason: string;
}

/** `/inspection/postponements` 顺延: regulators postpone due dates in a region and period (disasters, epidemics); schedules are recomputed. */
export default function PostponementsPage() {
  const { can } = useSession();
  const regions = useRegions();
  const list = useAsync(() => listPostponements(), []);
  const [adding, setAdding] = useState(false);
  const regionName = (prefix: string) => regions?.find((r) => r.code === prefix.padEnd(6, '0'))?.name ?? prefix;
  const columns: TableColumnsType<Postponement> = [
    { key: 'region', title: t('web.inspection.postpone.region'), width: 180, render: (_: unknown, p) => regionName(p.regionPrefix) || t('web.inspection.postpone.everywhere') },
    { key: 'period', title: t('web.inspection.postpone.period'), width: 220, render: (_: unknown, p) => `${p.from} ~ ${p.to}` },
    { key: 'days', title: t('web.inspection.postpone.days'), dataIndex: 'days', width: 90, align: 'right' },
    { key: 'reason', title: t('web.inspection.postpone.reason'), dataIndex: 'reason' },
    { key: 'createdAt', title: t('web.inspection.postpone.createdAt'), width: 150, render: (_: unknown, p) => formatDateTime(p.createdAt) },
  ];
  return (
    <Card>
      <PageHeader
        title={t('web.inspection.postpone.title')}
        extra={
          can('inspection.review') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('web.inspection.postpone.add')}
            </Button>
          )
        }
      />
      <Typography.Paragraph type="secondary">{t('web.inspection.postpone.intro')}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<Postponement> data-testid="postponement-table" rowKey="id" size="small" loading={list.loading} columns={columns} dataSource={list.data?.items ?? []} pagination={false} />
      <PostponeModal
        open={adding}
        onClose={() => setAdding(false)}
        onDone={() => {
          setAdding(false);
          list.reload();
        }}
      />
    </Card>
  );
}

function PostponeModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<PostponeFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [problems, setProblems] = useState<FieldError[]>([]);
  const submit = async (v: PostponeFormValues) => {
    setBusy(true);
    setError(undefined);
    setProblems([]);
    try {
      const res = await addPostponement({ regionCode: v.regionCode, from: v.period[0].format('YYYY-MM-DD'), to: v.period[1].format('YYYY-MM-DD'), days: v.days, reason: v.reason.trim() });
      message.success(t('web.inspection.postpone.done', { n: res.recomputed }));
      onDone();
    } catch (e) {
      const err = e as ApiError;
      setError(err);
      setProblems(applyServerErrors(form, err, { from: 'period', to: 'period' }));
    } finally {
      setBusy(false);
    }
  };
  const req = (label: string) => [{ required: true, message: t('web.inspection.upload.required', { label }) }];
  return (
    <Modal open={open} title={t('web.inspection.postpone.add')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error.message} description={problems.map((p) => <div key={p.field}>{`${p.field}: ${p.message}`}</div>)} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ days: 30 }}>
        <Form.Item name="regionCode" label={t('web.inspection.postpone.region')} rules={req(t('web.inspection.postpone.region'))}>
          <RegionSelect />
        </Form.Item>
        <Form.Item name="period" label={t('web.inspection.postpone.period')} rules={req(t('web.inspection.postpone.period'))}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="days" label={t('web.inspection.postpone.days')} rules={req(t('web.inspection.postpone.days'))}>
          <InputNumber min={1} max={730} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="reason" label={t('web.inspection.postpone.reason')} rules={[{ required: true, whitespace: true, message: t('web.inspection.upload.required', { label: t('web.inspection.postpone.reason') }) }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
