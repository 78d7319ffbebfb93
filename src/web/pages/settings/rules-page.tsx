import { Alert, App, Button, Card, InputNumber, Space, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { clearRule, getRules, RULE_GROUPS, setRule, type RuleGroup, type RuleItem } from '../../api/settings.api.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionSelect } from '../../components/region-select.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useRegions } from '../../components/use-reference.ts';
import { t } from '../../i18n.ts';

/**
 * `/settings/rules` 规则设置: every module's per-region rules (added-elevator consent and subsidies, renovation votes,
 * insurance premium subsidy, maintenance and inspection thresholds) as they apply in a region, and where they were set.
 */
export default function RuleSettingsPage() {
  const { me } = useSession();
  const [group, setGroup] = useState<RuleGroup>('addon');
  const [regionCode, setRegion] = useState<string>(me.regionCode);
  return (
    <Card>
      <PageHeader title={t('web.ruleSettings.title')} />
      <Typography.Paragraph type="secondary">{t('web.ruleSettings.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <span>{t('web.ruleSettings.region')}</span>
        <RegionSelect value={regionCode} onChange={(v) => v && setRegion(v)} allowClear={false} />
      </Space>
      <Tabs activeKey={group} onChange={(k) => setGroup(k as RuleGroup)} items={RULE_GROUPS.map((g) => ({ key: g, label: t(`web.ruleSettings.groups.${g}`) }))} />
      <RuleTable key={`${group}:${regionCode}`} group={group} regionCode={regionCode} />
    </Card>
  );
}

function RuleTable({ group, regionCode }: { group: RuleGroup; regionCode: string }) {
  const { message } = App.useApp();
  const regions = useRegions();
  const data = useAsync(() => getRules(group, regionCode), [group, regionCode]);
  const [drafts, setDrafts] = useState<Record<string, number | null>>({});
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const nameOf = (code: string | null) => (code === null ? t('web.ruleSettings.byDefault') : code === '' ? '*' : (regions?.find((r) => r.code === code)?.name ?? code));
  const run = async (key: string, call: () => Promise<unknown>, done: string) => {
    setBusy(key);
    setError(undefined);
    try {
      await call();
      message.success(done);
      setDrafts((d) => ({ ...d, [key]: null }));
      data.reload();
    } catch (e) {
      setError((e as ApiError).details?.fields?.[0]?.message ?? (e as ApiError).message);
    } finally {
      setBusy(undefined);
    }
  };
  const canEdit = data.data?.canEdit ?? false;
  const columns: TableColumnsType<RuleItem> = [
    { key: 'label', title: t('web.ruleSettings.rule'), dataIndex: 'label' },
    { key: 'default', title: t('web.ruleSettings.default'), dataIndex: 'default', width: 100, align: 'right' },
    { key: 'bounds', title: t('web.ruleSettings.bounds'), width: 130, render: (_: unknown, r) => `${r.min} – ${r.max}` },
    { key: 'value', title: t('web.ruleSettings.value'), width: 110, align: 'right', render: (_: unknown, r) => <strong>{r.value}</strong> },
    { key: 'setBy', title: t('web.ruleSettings.setBy'), width: 150, render: (_: unknown, r) => `${nameOf(r.setBy)}${r.updatedAt ? ` · ${formatDateTime(r.updatedAt)}` : ''}` },
  ];
  if (canEdit)
    columns.push({
      key: 'edit',
      title: t('web.ruleSettings.edit'),
      width: 280,
      render: (_: unknown, r) => {
        const draft = drafts[r.key];
        return (
          <Space>
            <InputNumber
              size="small"
              aria-label={`${r.label} ${t('web.ruleSettings.edit')}`}
              min={r.min}
              max={r.max}
              step={r.integer ? 1 : 0.01}
              precision={r.integer ? 0 : undefined}
              value={draft ?? undefined}
              placeholder={String(r.value)}
              onChange={(v) => setDrafts((d) => ({ ...d, [r.key]: v === null ? null : Number(v) }))}
            />
            <Button size="small" type="primary" disabled={draft === null || draft === undefined} loading={busy === r.key} onClick={() => run(r.key, () => setRule(group, regionCode, r.key, draft!), t('web.ruleSettings.saved'))}>
              {t('web.ruleSettings.save')}
            </Button>
            {r.setBy === regionCode && (
              <Button size="small" loading={busy === r.key} onClick={() => run(r.key, () => clearRule(group, regionCode, r.key), t('web.ruleSettings.cleared'))}>
                {t('web.ruleSettings.clear')}
              </Button>
            )}
          </Space>
        );
      },
    });
  return (
    <>
      {data.error && <Alert type="error" showIcon title={data.error.message} style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} closable onClose={() => setError(undefined)} />}
      {data.data && !canEdit && <Alert type="info" showIcon title={t('web.ruleSettings.readOnly')} style={{ marginBottom: 12 }} />}
      <Table<RuleItem> data-testid="rules-table" rowKey="key" size="small" loading={data.loading} columns={columns} dataSource={data.data?.items ?? []} pagination={false} />
    </>
  );
}
