import { MinusCircleOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, DatePicker, Descriptions, Divider, Drawer, Form, Input, InputNumber, Result, Row, Select, Space, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { getElevator } from '../../api/elevators.api.ts';
import type { ApiError, FieldError } from '../../api/http.ts';
import { submitReport, uploadReportPdf } from '../../api/inspection.api.ts';
import type { ReportCreated } from '../../api/inspection.types.ts';
import type { Elevator } from '../../api/types.ts';
import { applyServerErrors } from '../../components/form-errors.ts';
import { dayjs } from '../../components/format.ts';
import { enumOptions, t } from '../../i18n.ts';
import { DueText, FlagList } from './inspection-bits.tsx';
import { isRegistrationCode, toReportInput, type ReportFormValues } from './report-form-values.ts';

interface Props {
  open: boolean;
  onClose: () => void;
  /** The caller's own agency credit code (prefilled; an administrator may file for another agency). */
  agencyCreditCode?: string;
  agencyLocked: boolean;
  onSubmitted: (report: ReportCreated) => void;
  onOpenReport: (id: number) => void;
}

const NUMBER_FIELDS = [
  { key: 'balanceCoefficient', step: 0.01, precision: 2 },
  { key: 'doorLockEngagementMm', step: 0.5, precision: 1 },
  { key: 'insulationResistanceMOhm', step: 0.1, precision: 2 },
  { key: 'ratedSpeedDeviationPct', step: 0.1, precision: 1 },
] as const;

/** 上传报告: the fixed report interface as a form; the server's field errors on the fields; the flags and new due date after. */
export function ReportUploadDrawer({ open, onClose, agencyCreditCode, agencyLocked, onSubmitted, onOpenReport }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [problems, setProblems] = useState<FieldError[]>([]);
  const [elevator, setElevator] = useState<Elevator>();
  const [lookupError, setLookupError] = useState<string>();
  const [pdf, setPdf] = useState<File>();
  const [pdfError, setPdfError] = useState<string>();
  const [created, setCreated] = useState<ReportCreated>();
  const type = Form.useWatch('type', form);

  const reset = () => {
    form.resetFields();
    form.setFieldsValue({ agencyCreditCode, type: 'periodic', conclusion: 'pass', date: dayjs(), inspectors: [{ name: '', certificateNo: '' }, { name: '', certificateNo: '' }], defects: [] });
    setError(undefined);
    setProblems([]);
    setElevator(undefined);
    setLookupError(undefined);
    setPdf(undefined);
    setPdfError(undefined);
    setCreated(undefined);
  };
  useEffect(() => {
    if (open) reset();
  }, [open, agencyCreditCode]);

  const lookup = async (code: string | undefined) => {
    setElevator(undefined);
    setLookupError(undefined);
    if (!isRegistrationCode(code)) return;
    try {
      setElevator(await getElevator(code!.trim()));
    } catch (e) {
      setLookupError((e as ApiError).message);
    }
  };

  const save = async (values: ReportFormValues) => {
    setBusy(true);
    setError(undefined);
    setProblems([]);
    setPdfError(undefined);
    try {
      const report = await submitReport(toReportInput(values));
      if (pdf) {
        try {
          await uploadReportPdf(report.id, pdf);
        } catch (e) {
          setPdfError((e as ApiError).message);
        }
      }
      setCreated(report);
      message.success(t('web.inspection.upload.submitted'));
      onSubmitted(report);
    } catch (e) {
      const err = e as ApiError;
      setError(err);
      setProblems(applyServerErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  const req = (label: string) => [{ required: true, message: t('web.inspection.upload.required', { label }) }];
  const before = elevator?.inspection;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={820}
      title={t('web.inspection.upload.title')}
      destroyOnHidden
      extra={
        !created && (
          <Space>
            <Button onClick={onClose}>{t('web.common.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="report-submit">
              {t('web.inspection.upload.submit')}
            </Button>
          </Space>
        )
      }
    >
      {created ? (
        <div data-testid="report-result">
          <Result
            status={created.flags.length ? 'warning' : 'success'}
            title={t('web.inspection.upload.doneTitle', { reportNo: created.reportNo })}
            subTitle={created.flags.length ? t('web.inspection.upload.doneFlags', { n: created.flags.length }) : t('web.inspection.upload.doneClean')}
            extra={[
              <Button key="view" onClick={() => onOpenReport(created.id)}>
                {t('web.inspection.upload.viewReport')}
              </Button>,
              <Button key="again" type="primary" onClick={reset}>
                {t('web.inspection.upload.again')}
              </Button>,
            ]}
          />
          {pdfError && <Alert type="error" showIcon title={t('web.inspection.upload.pdfFailed')} description={pdfError} style={{ marginBottom: 12 }} />}
          <Descriptions bordered size="small" column={1} data-testid="report-result-due">
            <Descriptions.Item label={t('web.inspection.field.registrationCode')}>
              <Link to={`/elevators/${created.registrationCode}`}>{created.registrationCode}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('web.inspection.due.next')}>
              <DueText block={created.inspection} />
            </Descriptions.Item>
            <Descriptions.Item label={t('web.inspection.due.reason')}>{created.inspection.reason}</Descriptions.Item>
            {before && (
              <Descriptions.Item label={t('web.inspection.upload.dueBefore')}>
                <DueText block={before} />
              </Descriptions.Item>
            )}
          </Descriptions>
          <Divider titlePlacement="start">{t('web.inspection.detail.flags')}</Divider>
          <FlagList flags={created.flags} testId="result-flags" />
        </div>
      ) : (
        <>
          {error && (
            <Alert
              type="error"
              showIcon
              title={error.message}
              description={problems.length > 0 && problems.map((p) => <div key={p.field + p.message}>{`${p.field}: ${p.message}`}</div>)}
              style={{ marginBottom: 16 }}
              data-testid="report-error"
            />
          )}
          <Form<ReportFormValues> form={form} layout="vertical" onFinish={save} scrollToFirstError data-testid="report-form">
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="registrationCode" label={t('web.inspection.field.registrationCode')} rules={req(t('web.inspection.field.registrationCode'))} extra={lookupError && <Typography.Text type="danger">{lookupError}</Typography.Text>}>
                  <Input.Search placeholder={t('web.inspection.upload.codePlaceholder')} maxLength={20} onSearch={lookup} onBlur={(e) => lookup(e.target.value)} enterButton={t('web.inspection.upload.lookup')} />
                </Form.Item>
              </Col>
              <Col span={12}>
                {elevator && (
                  <div data-testid="lookup-elevator" style={{ paddingTop: 30 }}>
                    <Typography.Text strong>{elevator.address}</Typography.Text>
                    <div>
                      <Typography.Text type="secondary">
                        {elevator.categoryName} · {elevator.useUnit?.name ?? t('web.common.none')}
                      </Typography.Text>
                    </div>
                    {before && (
                      <div>
                        {t('web.inspection.due.next')}：<DueText block={before} />
                      </div>
                    )}
                  </div>
                )}
              </Col>
              <Col span={12}>
                <Form.Item name="reportNo" label={t('web.inspection.field.reportNo')} rules={req(t('web.inspection.field.reportNo'))}>
                  <Input maxLength={60} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="agencyCreditCode" label={t('web.inspection.field.agencyCreditCode')} rules={req(t('web.inspection.field.agencyCreditCode'))}>
                  <Input maxLength={18} readOnly={agencyLocked} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="type" label={t('web.inspection.field.type')} rules={req(t('web.inspection.field.type'))}>
                  <Select options={enumOptions('reportType')} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="date" label={t('web.inspection.field.date')} rules={req(t('web.inspection.field.date'))}>
                  <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="conclusion" label={t('web.inspection.field.conclusion')} rules={req(t('web.inspection.field.conclusion'))}>
                  <Select options={enumOptions('conclusion')} />
                </Form.Item>
              </Col>
              {type === 'acceptance' && (
                <Col span={8}>
                  <Form.Item name="supervisoryKind" label={t('web.inspection.field.supervisoryKind')} rules={req(t('web.inspection.field.supervisoryKind'))}>
                    <Select options={enumOptions('supervisoryKind')} />
                  </Form.Item>
                </Col>
              )}
            </Row>

            <Divider titlePlacement="start">{t('web.inspection.upload.people')}</Divider>
            <Form.List name="inspectors">
              {(fields, { add, remove }) => (
                <>
                  {fields.map(({ key, name }, i) => (
                    <Row gutter={8} key={key} align="top">
                      <Col span={10}>
                        <Form.Item name={[name, 'name']} label={i === 0 ? t('web.inspection.field.inspectorName') : undefined} rules={req(t('web.inspection.field.inspectorName'))}>
                          <Input placeholder={t('web.inspection.field.inspectorName')} maxLength={40} />
                        </Form.Item>
                      </Col>
                      <Col span={12}>
                        <Form.Item name={[name, 'certificateNo']} label={i === 0 ? t('web.inspection.field.certificateNo') : undefined} rules={req(t('web.inspection.field.certificateNo'))}>
                          <Input placeholder={t('web.inspection.field.certificateNo')} maxLength={40} />
                        </Form.Item>
                      </Col>
                      <Col span={2}>
                        {fields.length > 1 && <MinusCircleOutlined style={{ marginTop: i === 0 ? 39 : 9 }} aria-label={t('web.inspection.upload.remove')} onClick={() => remove(name)} />}
                      </Col>
                    </Row>
                  ))}
                  <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ name: '', certificateNo: '' })} style={{ marginBottom: 16 }}>
                    {t('web.inspection.upload.addInspector')}
                  </Button>
                </>
              )}
            </Form.List>
            <Row gutter={8}>
              <Col span={10}>
                <Form.Item name={['signer', 'name']} label={t('web.inspection.field.signerName')} rules={req(t('web.inspection.field.signerName'))}>
                  <Input maxLength={40} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['signer', 'certificateNo']} label={t('web.inspection.field.signerCert')} rules={req(t('web.inspection.field.signerCert'))}>
                  <Input maxLength={40} />
                </Form.Item>
              </Col>
            </Row>

            <Divider titlePlacement="start">{t('web.inspection.upload.measurements')}</Divider>
            <Row gutter={16}>
              {NUMBER_FIELDS.map((f) => (
                <Col span={8} key={f.key}>
                  <Form.Item name={['measurements', f.key]} label={t(`web.inspection.measure.${f.key}`)}>
                    <InputNumber style={{ width: '100%' }} step={f.step} precision={f.precision} />
                  </Form.Item>
                </Col>
              ))}
              <Col span={8}>
                <Form.Item name={['measurements', 'brakeTest']} label={t('web.inspection.measure.brakeTest')}>
                  <Select
                    allowClear
                    options={[
                      { value: 'pass', label: t('web.inspection.measure.pass') },
                      { value: 'fail', label: t('web.inspection.measure.fail') },
                    ]}
                  />
                </Form.Item>
              </Col>
            </Row>

            <Divider titlePlacement="start">{t('web.inspection.detail.defects')}</Divider>
            <Form.List name="defects">
              {(fields, { add, remove }) => (
                <>
                  {fields.map(({ key, name }) => (
                    <Row gutter={8} key={key} align="top">
                      <Col span={7}>
                        <Form.Item name={[name, 'item']} rules={req(t('web.inspection.field.defectItem'))}>
                          <Input placeholder={t('web.inspection.field.defectItem')} maxLength={100} />
                        </Form.Item>
                      </Col>
                      <Col span={11}>
                        <Form.Item name={[name, 'description']} rules={req(t('web.inspection.field.defectDescription'))}>
                          <Input placeholder={t('web.inspection.field.defectDescription')} maxLength={1000} />
                        </Form.Item>
                      </Col>
                      <Col span={4}>
                        <Form.Item name={[name, 'severity']} initialValue="general">
                          <Select options={enumOptions('defectSeverity')} />
                        </Form.Item>
                      </Col>
                      <Col span={2}>
                        <MinusCircleOutlined style={{ marginTop: 9 }} aria-label={t('web.inspection.upload.remove')} onClick={() => remove(name)} />
                      </Col>
                    </Row>
                  ))}
                  <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ item: '', description: '', severity: 'general' })} style={{ marginBottom: 16 }}>
                    {t('web.inspection.upload.addDefect')}
                  </Button>
                </>
              )}
            </Form.List>

            <Divider titlePlacement="start">{t('web.inspection.upload.pdf')}</Divider>
            <Upload
              accept="application/pdf,.pdf"
              maxCount={1}
              beforeUpload={(file) => {
                setPdf(file);
                return false;
              }}
              onRemove={() => setPdf(undefined)}
              fileList={pdf ? [{ uid: '1', name: pdf.name, status: 'done' }] : []}
            >
              <Button icon={<UploadOutlined />}>{t('web.inspection.upload.choosePdf')}</Button>
            </Upload>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {t('web.inspection.upload.pdfHint')}
            </Typography.Paragraph>
          </Form>
        </>
      )}
    </Drawer>
  );
}

