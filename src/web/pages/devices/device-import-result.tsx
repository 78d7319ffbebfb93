import { Alert, Col, Row, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import type { DeviceImportResult } from '../../api/iot.types.ts';
import { t, type KeysUnder } from '../../i18n.ts';

type Rejected = DeviceImportResult['rejected'][number];
const FIELDS = new Set<string>(['deviceId', 'protocol', 'secret', 'registrationCode', 'productKey', 'vendor', 'model', 'firmware']);

/** The CSV column's Chinese name ("registrationCode" → 电梯注册代码); unknown names as they are. */
export function importFieldLabel(field: string): string {
  return FIELDS.has(field) ? t(`web.devices.fields.${field as KeysUnder<'web.devices.fields'>}`) : field;
}

/** What a device import did: how many were registered, and each refused line with its field and reason. */
export function DeviceImportResultView({ result }: { result: DeviceImportResult }) {
  const columns: TableColumnsType<Rejected> = [
    { key: 'line', title: t('web.devices.line'), dataIndex: 'line', width: 80 },
    {
      key: 'field',
      title: t('web.devices.field'),
      dataIndex: 'field',
      width: 160,
      render: (f: string) => (
        <span data-field={f}>
          {importFieldLabel(f)}
          {FIELDS.has(f) && <Typography.Text type="secondary">{` (${f})`}</Typography.Text>}
        </span>
      ),
    },
    { key: 'message', title: t('web.devices.problem'), dataIndex: 'message' },
  ];
  return (
    <div data-testid="device-import-result">
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col span={12}>
          <Statistic title={t('web.devices.importCreated')} value={result.created} suffix={t('web.iot.unitTerminals')} />
        </Col>
        <Col span={12}>
          <Statistic
            title={t('web.devices.importRejectedCount')}
            value={result.rejected.length}
            styles={{ content: { color: result.rejected.length ? '#cf1322' : undefined } }}
          />
        </Col>
      </Row>
      {result.rejected.length === 0 ? (
        <Alert type="success" showIcon title={t('web.devices.importAllOk')} />
      ) : (
        <>
          <Typography.Title level={5}>{t('web.devices.importRejected')}</Typography.Title>
          <Table<Rejected>
            data-testid="device-import-rejected"
            rowKey={(r, i) => `${r.line}-${r.field}-${i}`}
            size="small"
            columns={columns}
            dataSource={[...result.rejected].sort((a, b) => a.line - b.line)}
            pagination={result.rejected.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          />
        </>
      )}
    </div>
  );
}
