import { Alert, App, Button, Card, Descriptions, Form, InputNumber, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { getSla, putSla } from '../../api/emergency.api.ts';
import type { SlaInput, SlaKey, SlaSetting } from '../../api/emergency.types.ts';
import { SLA_KEYS } from '../../api/emergency.types.ts';
import type { ApiError } from '../../api/http.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { applyServerErrors } from '../../components/form-errors.ts';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useRegions } from '../../components/use-reference.ts';
import { t, type MessageKey } from '../../i18n.ts';

const LABELS: Record<SlaKey, MessageKey> = {
  dispatchSeconds: 'web.emergency.sla.dispatch',
  acceptSeconds: 'web.emergency.sla.accept',
  arriveUrbanSeconds: 'web.emergency.sla.arriveUrban',
  arriveOtherSeconds: 'web.emergency.sla.arriveOther',
};

type Values = { regionCode?: string } & { [K in SlaKey]?: number | null };

/** Seconds as minutes for people (90 s → 1.5). */
export function toMinutes(seconds: number | null | undefined): number | null {
  return seconds === null || seconds === undefined ? null : Math.round((seconds / 60) * 10) / 10;
}

/** The form's minutes as the API's seconds; blank inherits (null). */
export function slaInput(v: Values): SlaInput {
  const sec = (m: number | null | undefined) => (m === null || m === undefined ? null : Math.round(m * 60));
  return {
    regionCode: v.regionCode ?? '',
    dispatchSeconds: sec(v.dispatchSeconds),
    acceptSeconds: sec(v.acceptSeconds),
    arriveUrbanSeconds: sec(v.arriveUrbanSeconds),
    arriveOtherSeconds: sec(v.arriveOtherSeconds),
  };
}

/** A stored prefix ('', '37', '3701', '370102') as the six-digit region code the picker uses. */
export function prefixToCode(prefix: string): string | undefined {
  return prefix ? prefix.padEnd(6, '0') : undefined;
}

/** `/emergency/sla` 救援时限: the limits by region (most specific wins), editable with emergency.settings. */
export default function SlaPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const sla = useAsync(getSla, []);
  const regions = useRegions();
  const names = useMemo(() => new Map((regions ?? []).map((r) => [r.code, r.name])), [regions]);
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const editable = can('emergency.settings');
  const minutes = (s: number | null) => (s === null ? <Typography.Text type="secondary">{t('web.emergency.sla.inherit')}</Typography.Text> : t('web.emergency.sla.minutes', { n: toMinutes(s)! }));
  const regionName = (prefix: string) => (prefix ? (names.get(prefixToCode(prefix)!) ?? prefix) : t('web.emergency.sla.regionAll'));

  const save = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      await putSla(slaInput(v));
      message.success(t('web.emergency.sla.saved'));
      sla.reload();
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err);
      if (rest.length || !err.fields.length) setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<SlaSetting> = [
    { key: 'region', title: t('web.emergency.sla.region'), render: (_: unknown, r) => regionName(r.regionPrefix) },
    ...SLA_KEYS.map((k) => ({ key: k, title: t(LABELS[k]), width: 150, render: (_: unknown, r: SlaSetting) => minutes(r[k]) })),
    { key: 'updatedAt', title: t('web.emergency.sla.updatedAt'), width: 150, render: (_: unknown, r) => formatDateTime(r.updatedAt) },
    ...(editable
      ? [
          {
            key: 'edit',
            title: t('web.common.actions'),
            width: 80,
            render: (_: unknown, r: SlaSetting) => (
              <Button
                type="link"
                size="small"
                onClick={() =>
                  form.setFieldsValue({
                    regionCode: prefixToCode(r.regionPrefix),
                    dispatchSeconds: toMinutes(r.dispatchSeconds),
                    acceptSeconds: toMinutes(r.acceptSeconds),
                    arriveUrbanSeconds: toMinutes(r.arriveUrbanSeconds),
                    arriveOtherSeconds: toMinutes(r.arriveOtherSeconds),
                  })
                }
              >
                {t('web.emergency.sla.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  const d = sla.data?.defaults;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <PageHeader title={t('web.emergency.sla.title')} />
        <Typography.Paragraph type="secondary">{t('web.emergency.sla.intro')}</Typography.Paragraph>
        {sla.error && <Alert type="error" showIcon title={sla.error.message} style={{ marginBottom: 12 }} />}
        {d && (
          <Descriptions
            size="small"
            bordered
            title={t('web.emergency.sla.defaults')}
            column={{ xs: 1, md: 2, xl: 4 }}
            items={SLA_KEYS.map((k) => ({ key: k, label: t(LABELS[k]), children: minutes(d[k]) }))}
          />
        )}
      </Card>
      <Card title={t('web.emergency.sla.overrides')}>
        <Table<SlaSetting>
          data-testid="sla-table"
          rowKey="regionPrefix"
          size="small"
          loading={sla.loading}
          columns={columns}
          dataSource={sla.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('web.emergency.sla.noOverrides') }}
          scroll={{ x: 900 }}
        />
      </Card>
      <Card title={t('web.emergency.sla.set')}>
        {!editable ? (
          <Alert type="info" showIcon title={t('web.emergency.sla.readOnly')} />
        ) : (
          <>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
            <Form<Values> form={form} layout="vertical" onFinish={save}>
              <Form.Item name="regionCode" label={t('web.emergency.sla.region')}>
                <RegionSelect placeholder={t('web.emergency.sla.regionAll')} style={{ width: 280 }} />
              </Form.Item>
              <Space wrap size={16}>
                {SLA_KEYS.map((k) => (
                  <Form.Item key={k} name={k} label={t(LABELS[k])}>
                    <InputNumber min={0.5} max={10080} step={0.5} precision={1} placeholder={t('web.emergency.sla.inherit')} suffix={t('web.emergency.sla.unitMinutes')} style={{ width: 170 }} />
                  </Form.Item>
                ))}
              </Space>
              <div>
                <Button type="primary" htmlType="submit" loading={busy}>
                  {t('web.emergency.sla.save')}
                </Button>
              </div>
            </Form>
          </>
        )}
      </Card>
    </Space>
  );
}
