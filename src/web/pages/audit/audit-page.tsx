import { SafetyOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Select, Space } from 'antd';
import { useMemo, useState } from 'react';
import { verifyAudit } from '../../api/audit.api.ts';
import type { ApiError } from '../../api/http.ts';
import type { AuditVerdict } from '../../api/types.ts';
import { AuditList } from '../../components/audit-list.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { enumOptions, t } from '../../i18n.ts';

/** `/audit`: the tamper-evident log, filterable by object, with a hash-chain check. */
export default function AuditPage() {
  const [entityType, setEntityType] = useState<string>();
  const [entityId, setEntityId] = useState<string>();
  const filter = useMemo(() => ({ entityType, entityId }), [entityType, entityId]);
  const [verdict, setVerdict] = useState<AuditVerdict>();
  const [verifyError, setVerifyError] = useState<string>();
  const [checking, setChecking] = useState(false);

  const verify = async () => {
    setChecking(true);
    setVerdict(undefined);
    setVerifyError(undefined);
    try {
      setVerdict(await verifyAudit());
    } catch (e) {
      setVerifyError((e as ApiError).message);
    } finally {
      setChecking(false);
    }
  };

  return (
    <Card>
      <PageHeader
        title={t('web.audit.title')}
        extra={
          <Button icon={<SafetyOutlined />} loading={checking} onClick={() => void verify()}>
            {t('web.audit.verify')}
          </Button>
        }
      />
      {verdict && (
        <Alert
          type={verdict.ok ? 'success' : 'error'}
          showIcon
          closable
          style={{ marginBottom: 12 }}
          title={verdict.ok ? t('web.audit.verifyOk', { checked: verdict.checked }) : t('web.audit.verifyBroken', { checked: verdict.checked, brokenAt: verdict.brokenAt ?? '?' })}
        />
      )}
      {verifyError && <Alert type="error" showIcon title={verifyError} style={{ marginBottom: 12 }} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={t('web.audit.entityType')} style={{ width: 140 }} options={enumOptions('entityType')} onChange={(v?: string) => setEntityType(v)} />
        <Input.Search allowClear placeholder={t('web.audit.entityId')} style={{ width: 260 }} onSearch={(v) => setEntityId(v.trim() || undefined)} enterButton={t('web.common.search')} />
      </Space>
      <AuditList filter={filter} />
    </Card>
  );
}
