import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Divider, Drawer, Empty, Skeleton, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { downloadReportPdf, getReport } from '../../api/inspection.api.ts';
import type { ReportDefect } from '../../api/inspection.types.ts';
import { formatDateTime } from '../../components/format.ts';
import { useAsync } from '../../components/use-async.ts';
import { enumLabel, t } from '../../i18n.ts';
import { ConclusionTag, DefectStatusTag, FlagList, SeverityTag } from './inspection-bits.tsx';
import { MEASUREMENT_KEYS, measurementText } from './report-form-values.ts';

/** One report: facts, who was on site, the signer, measured data, quality flags with evidence, defects, the PDF. */
export function ReportDrawer({ reportId, onClose }: { reportId: number | undefined; onClose: () => void }) {
  return (
    <Drawer open={reportId !== undefined} onClose={onClose} size={720} title={t('web.inspection.detail.title')} destroyOnHidden>
      {reportId !== undefined && <ReportView id={reportId} />}
    </Drawer>
  );
}

function ReportView({ id }: { id: number }) {
  const { message } = App.useApp();
  const loaded = useAsync(() => getReport(id), [id]);
  const r = loaded.data?.id === id ? loaded.data : undefined;
  if (loaded.error && !r) return <Alert type="error" showIcon title={loaded.error.message} />;
  if (!r) return <Skeleton active paragraph={{ rows: 10 }} />;

  const words = { pass: t('web.inspection.measure.pass'), fail: t('web.inspection.measure.fail'), yes: t('web.common.yes'), no: t('web.common.no') };
  const known = new Set<string>(MEASUREMENT_KEYS);
  const measureLabel = (key: string) => (known.has(key) ? t(`web.inspection.measure.${key as (typeof MEASUREMENT_KEYS)[number]}`) : key);
  const measures = Object.entries(r.measurements);
  const download = () => downloadReportPdf(r.id, r.reportNo).catch((e: ApiError) => message.error(e.message));

  return (
    <div data-testid="report-drawer">
      <Descriptions bordered size="small" column={2}>
        <Descriptions.Item label={t('web.inspection.field.reportNo')}>{r.reportNo}</Descriptions.Item>
        <Descriptions.Item label={t('web.inspection.field.conclusion')}>
          <ConclusionTag conclusion={r.conclusion} />
        </Descriptions.Item>
        <Descriptions.Item label={t('web.inspection.field.type')}>
          {enumLabel('reportType', r.type)}
          {r.supervisoryKind && `（${enumLabel('supervisoryKind', r.supervisoryKind)}）`}
        </Descriptions.Item>
        <Descriptions.Item label={t('web.inspection.field.date')}>{r.date}</Descriptions.Item>
        <Descriptions.Item label={t('web.inspection.field.registrationCode')} span={2}>
          <Link to={`/elevators/${r.registrationCode}`}>{r.registrationCode}</Link>
          <Typography.Text type="secondary" style={{ display: 'block' }}>
            {r.address}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('web.inspection.field.agency')} span={2}>
          {r.agency.name}
        </Descriptions.Item>
        <Descriptions.Item label={t('web.inspection.field.inspectors')} span={2}>
          {r.inspectors.map((p) => (
            <div key={p.certificateNo}>
              {p.name} <Typography.Text type="secondary">{p.certificateNo}</Typography.Text>
            </div>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('web.inspection.field.signer')} span={2}>
          {r.signer.name} <Typography.Text type="secondary">{r.signer.certificateNo}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('web.inspection.field.createdAt')}>{formatDateTime(r.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('web.inspection.field.pdf')}>
          {r.pdf ? (
            <Button size="small" icon={<DownloadOutlined />} onClick={download}>
              {t('web.inspection.detail.downloadPdf', { kb: Math.max(1, Math.round(r.pdf.bytes / 1024)) })}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t('web.inspection.detail.noPdf')}</Typography.Text>
          )}
        </Descriptions.Item>
      </Descriptions>
      <Divider titlePlacement="start">{t('web.inspection.upload.measurements')}</Divider>
      {measures.length ? (
        <Descriptions size="small" column={2} bordered>
          {measures.map(([k, v]) => (
            <Descriptions.Item key={k} label={measureLabel(k)}>
              {measurementText(v, words)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.inspection.detail.noMeasurements')} />
      )}
      <Divider titlePlacement="start">{t('web.inspection.detail.flags')}</Divider>
      <FlagList flags={r.flags} testId="report-flags" />
      <Divider titlePlacement="start">{t('web.inspection.detail.defects')}</Divider>
      <Table<ReportDefect>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={r.defects}
        locale={{ emptyText: t('web.inspection.detail.noDefects') }}
        columns={[
          { key: 'item', title: t('web.inspection.field.defectItem'), dataIndex: 'item', width: 140 },
          { key: 'description', title: t('web.inspection.field.defectDescription'), dataIndex: 'description' },
          { key: 'severity', title: t('web.inspection.field.severity'), width: 70, render: (_: unknown, d) => <SeverityTag severity={d.severity} /> },
          { key: 'deadline', title: t('web.inspection.field.deadline'), dataIndex: 'deadline', width: 100 },
          { key: 'status', title: t('web.inspection.field.defectStatus'), width: 110, render: (_: unknown, d) => <DefectStatusTag status={d.status} /> },
        ]}
      />
    </div>
  );
}
