import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { createProduct, listProducts } from '../../api/insurance.api.ts';
import type { Product, ProductKind } from '../../api/insurance.types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { KINDS, money, premiumRuleText } from './insurance-logic.ts';

/** `/insurance/products` 保险产品: an insurer's own products (others: every active one) with coverage and premium rule. */
export default function InsuranceProductsPage() {
  const { can } = useSession();
  const [kind, setKind] = useState<string>();
  const [adding, setAdding] = useState(false);
  const list = useAsync(() => listProducts(kind), [kind]);
  const columns: TableColumnsType<Product> = [
    { key: 'name', title: t('web.insurance.field.productName'), dataIndex: 'name' },
    { key: 'kind', title: t('web.insurance.field.kind'), width: 130, render: (_: unknown, p) => <Tag color="blue">{t(`web.insurance.kind.${p.kind}`)}</Tag> },
    { key: 'insurer', title: t('web.insurance.field.insurer'), width: 220, ellipsis: true, render: (_: unknown, p) => p.insurer.name },
    { key: 'coverage', title: t('web.insurance.field.coverage'), render: (_: unknown, p) => [p.coverage.perAccident ? t('web.insurance.perAccident', { n: money(p.coverage.perAccident) }) : '', ...p.coverage.items].filter(Boolean).join('；') },
    { key: 'premium', title: t('web.insurance.field.premiumRule'), width: 280, render: (_: unknown, p) => premiumRuleText(p.premiumRule) },
    { key: 'active', title: t('web.insurance.field.status'), width: 80, render: (_: unknown, p) => (p.active ? <Tag color="green">{t('web.insurance.onSale')}</Tag> : <Tag>{t('web.insurance.offSale')}</Tag>) },
  ];
  return (
    <Card>
      <PageHeader title={t('web.insurance.products.title')} extra={can('insurance.manage') ? <Button type="primary" onClick={() => setAdding(true)}>{t('web.insurance.products.add')}</Button> : null} />
      <Typography.Paragraph type="secondary">{t('web.insurance.products.intro')}</Typography.Paragraph>
      <Select allowClear style={{ width: 180, marginBottom: 12 }} placeholder={t('web.insurance.field.kind')} value={kind} onChange={setKind} options={KINDS.map((k) => ({ value: k, label: t(`web.insurance.kind.${k}`) }))} />
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<Product> data-testid="insurance-product-table" rowKey="id" size="small" loading={list.loading} columns={columns} dataSource={list.data?.items ?? []} scroll={{ x: 1100 }} pagination={{ pageSize: 20, showTotal: (total) => t('web.common.total', { total }) }} />
      <ProductModal open={adding} onClose={() => setAdding(false)} onDone={() => { setAdding(false); list.reload(); }} />
    </Card>
  );
}

interface Values {
  name: string;
  kind: ProductKind;
  perAccident?: number;
  items?: string;
  base: number;
  band10?: number;
  band15?: number;
}

function ProductModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string>();
  const submit = async (v: Values) => {
    setError(undefined);
    try {
      const ageBands = [{ minYears: 0, factor: 1 }, ...(v.band10 ? [{ minYears: 10, factor: v.band10 }] : []), ...(v.band15 ? [{ minYears: 15, factor: v.band15 }] : [])];
      await createProduct({ name: v.name.trim(), kind: v.kind, coverage: { perAccident: v.perAccident, items: (v.items ?? '').split(/[；;\n]/).map((s) => s.trim()).filter(Boolean) }, premiumRule: { base: v.base, ageBands } });
      message.success(t('web.insurance.products.saved'));
      onDone();
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err, { 'premiumRule.base': 'base' });
      if (!err.fields.length || rest.length) setError([err.message, ...rest.map((f) => f.message)].join('：'));
    }
  };
  const req = (label: string) => [{ required: true, message: t('web.elevator.required', { label }) }];
  return (
    <Modal open={open} title={t('web.insurance.products.add')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ kind: 'liability', band10: 1.2, band15: 1.5 }}>
        <Form.Item name="name" label={t('web.insurance.field.productName')} rules={req(t('web.insurance.field.productName'))}><Input maxLength={100} /></Form.Item>
        <Form.Item name="kind" label={t('web.insurance.field.kind')}><Select options={KINDS.map((k) => ({ value: k, label: t(`web.insurance.kind.${k}`) }))} /></Form.Item>
        <Form.Item name="perAccident" label={t('web.insurance.form.perAccident')}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="items" label={t('web.insurance.form.items')}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="base" label={t('web.insurance.form.base')} rules={req(t('web.insurance.form.base'))}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="band10" label={t('web.insurance.form.band10')}><InputNumber min={0} max={20} step={0.1} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="band15" label={t('web.insurance.form.band15')}><InputNumber min={0} max={20} step={0.1} style={{ width: '100%' }} /></Form.Item>
      </Form>
    </Modal>
  );
}
