import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { deleteRule, getRules, putRule, RULE_KEYS } from '../../api/iot.api.ts';
import type { RuleOverride } from '../../api/iot.types.ts';
import { applyServerErrors } from '../../components/form-errors.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { regionNames } from '../../components/region-tree.ts';
import { useAsync } from '../../components/use-async.ts';
import { useRegions } from '../../components/use-reference.ts';
import { enumLabel, t } from '../../i18n.ts';

interface Values {
  key: string;
  regionCode?: string;
  vendor?: string;
  value: number;
}

const unit = (key: string) => enumLabel('ruleUnit', key);
/** Keys the server knows, ours first in their order, then any newer ones. */
const orderedKeys = (defaults: Record<string, number>) => [...RULE_KEYS.filter((k) => k in defaults), ...Object.keys(defaults).filter((k) => !(RULE_KEYS as readonly string[]).includes(k))];

/** `/iot/rules` 规则阈值: the defaults, and overrides per region (prefix) and vendor. */
export default function RulesPage() {
  const { message } = App.useApp();
  const rules = useAsync(getRules, []);
  const regions = useRegions();
  const names = useMemo(() => regionNames(regions), [regions]);
  const [editing, setEditing] = useState<{ override?: RuleOverride } | null>(null);
  const defaults = rules.data?.defaults ?? {};
  const keys = orderedKeys(defaults);

  const remove = async (o: RuleOverride) => {
    try {
      await deleteRule(o.id);
      message.success(t('web.rules.deleted'));
      rules.reload();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  const defaultColumns: TableColumnsType<{ key: string; value: number }> = [
    { key: 'key', title: t('web.rules.key'), width: 200, render: (_: unknown, r) => <span data-rule-key={r.key}>{enumLabel('ruleKey', r.key)}</span> },
    { key: 'value', title: t('web.rules.defaultValue'), width: 160, render: (_: unknown, r) => `${r.value} ${unit(r.key)}` },
    { key: 'description', title: t('web.rules.description'), render: (_: unknown, r) => <Typography.Text type="secondary">{enumLabel('ruleHint', r.key)}</Typography.Text> },
  ];

  const overrideColumns: TableColumnsType<RuleOverride> = [
    { key: 'key', title: t('web.rules.key'), dataIndex: 'key', width: 200, render: (k: string) => enumLabel('ruleKey', k) },
    {
      key: 'region',
      title: t('web.rules.region'),
      dataIndex: 'regionCode',
      width: 200,
      render: (c: string | null) => (c ? `${names.get(c) ?? ''} ${c}`.trim() : <Typography.Text type="secondary">{t('web.rules.anyRegion')}</Typography.Text>),
    },
    { key: 'vendor', title: t('web.rules.vendor'), dataIndex: 'vendor', width: 200, render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('web.rules.anyVendor')}</Typography.Text> },
    { key: 'value', title: t('web.rules.value'), width: 140, render: (_: unknown, o) => `${o.value} ${unit(o.key)}` },
    {
      key: 'default',
      title: t('web.rules.defaultValue'),
      width: 140,
      render: (_: unknown, o) => (o.key in defaults ? <Typography.Text type="secondary">{`${defaults[o.key]} ${unit(o.key)}`}</Typography.Text> : ''),
    },
    {
      key: 'actions',
      title: t('web.common.actions'),
      width: 140,
      render: (_: unknown, o) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing({ override: o })}>
            {t('web.common.edit')}
          </Button>
          <Popconfirm title={t('web.rules.deleteConfirm')} onConfirm={() => remove(o)}>
            <Button type="link" size="small" danger>
              {t('web.rules.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <PageHeader title={t('web.rules.title')} />
        {rules.error && <Alert type="error" showIcon title={rules.error.message} style={{ marginBottom: 12 }} />}
        <Typography.Title level={5}>{t('web.rules.defaults')}</Typography.Title>
        <Table
          rowKey="key"
          size="small"
          loading={rules.loading}
          columns={defaultColumns}
          dataSource={keys.map((key) => ({ key, value: defaults[key] }))}
          pagination={false}
        />
      </Card>
      <Card
        title={t('web.rules.overrides')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} disabled={!rules.data}>
            {t('web.rules.add')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('web.rules.overridesHint')}</Typography.Paragraph>
        <Table<RuleOverride>
          rowKey="id"
          size="small"
          loading={rules.loading}
          columns={overrideColumns}
          dataSource={rules.data?.overrides ?? []}
          pagination={false}
          locale={{ emptyText: t('web.rules.empty') }}
        />
      </Card>
      <OverrideModal
        open={editing !== null}
        override={editing?.override}
        keys={keys}
        defaults={defaults}
        onClose={() => setEditing(null)}
        onSaved={rules.reload}
      />
    </Space>
  );
}

interface ModalProps {
  open: boolean;
  override?: RuleOverride;
  keys: string[];
  defaults: Record<string, number>;
  onClose: () => void;
  onSaved: () => void;
}

/** Add an override, or edit one (a changed key, region or vendor replaces the old override). */
function OverrideModal({ open, override, keys, defaults, onClose, onSaved }: ModalProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const key = Form.useWatch('key', form);

  useEffect(() => {
    if (!open) return;
    setError(undefined);
    form.resetFields();
    if (override) form.setFieldsValue({ key: override.key, regionCode: override.regionCode || undefined, vendor: override.vendor || undefined, value: override.value });
  }, [open, override, form]);

  const save = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      const next = { key: v.key, regionCode: v.regionCode || undefined, vendor: v.vendor?.trim() || undefined, value: v.value };
      await putRule(next);
      // Key, region and vendor identify an override: changing one of them moves it, so the old one goes.
      const moved = override && (override.key !== next.key || (override.regionCode || undefined) !== next.regionCode || (override.vendor || undefined) !== next.vendor);
      if (override && moved) await deleteRule(override.id);
      message.success(t('web.common.saved'));
      onSaved();
      onClose();
    } catch (e) {
      const err = e as ApiError;
      if (applyServerErrors(form, err).length > 0 || err.fields.length === 0) setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={override ? t('web.rules.editTitle') : t('web.rules.addTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('web.common.save')}
      okButtonProps={{ loading: busy }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={save}>
        <Form.Item name="key" label={t('web.rules.key')} rules={[{ required: true, message: t('web.rules.keyRequired') }]} extra={key && enumLabel('ruleHint', key)}>
          <Select options={keys.map((k) => ({ value: k, label: enumLabel('ruleKey', k) }))} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('web.rules.region')}>
          <RegionSelect style={{ width: '100%' }} placeholder={t('web.rules.anyRegion')} />
        </Form.Item>
        <Form.Item name="vendor" label={t('web.rules.vendor')}>
          <Input placeholder={t('web.rules.anyVendor')} maxLength={100} />
        </Form.Item>
        <Form.Item name="value" label={t('web.rules.value')} rules={[
            { required: true, message: t('web.rules.valueRequired') },
            { type: 'number', min: Number.MIN_VALUE, message: t('web.rules.valuePositive') },
          ]}
        >
          <InputNumber<number>
            min={0}
            style={{ width: '100%' }}
            suffix={key ? unit(key) : undefined}
            placeholder={key && key in defaults ? `${t('web.rules.defaultValue')} ${defaults[key]}` : undefined}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
