import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, DatePicker, Divider, Form, Input, InputNumber, Modal, Row, Select, Switch, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { createOrg, updateOrg } from '../../api/orgs.api.ts';
import type { Licence, Org, OrgInput } from '../../api/types.ts';
import { applyServerErrors } from '../../components/form-errors.ts';
import { dayjs } from '../../components/format.ts';
import { RegionSelect } from '../../components/region-select.tsx';
import { enumOptions, t } from '../../i18n.ts';

type LicenceValues = Omit<Licence, 'issuedOn' | 'expiresOn' | 'expired'> & { issuedOn?: Dayjs | null; expiresOn?: Dayjs | null };
type Values = Omit<OrgInput, 'licences'> & { licences: LicenceValues[] };

const blank = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null);
const day = (v: string | null) => (v ? dayjs(v) : null);
const iso = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : null);

function toValues(org: Org): Values {
  return { ...org, licences: org.licences.map((l) => ({ ...l, issuedOn: day(l.issuedOn), expiresOn: day(l.expiresOn) })) };
}

/** Organisation types dispatched by distance (tiers 2 and 3): their location is asked for. */
export const LOCATED_TYPES = ['rescue_station', 'fire_service'];

const coordinate = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The request body; a location is asked for stations only, and one stored on another type is kept as it is. */
export function toInput(v: Values, previous?: Org): OrgInput {
  const located = LOCATED_TYPES.includes(v.type);
  return {
    creditCode: blank(v.creditCode),
    name: v.name.trim(),
    type: v.type,
    regionCode: v.regionCode,
    address: blank(v.address),
    contactName: blank(v.contactName),
    contactPhone: blank(v.contactPhone),
    hotline: blank(v.hotline),
    longitude: located ? coordinate(v.longitude) : (previous?.longitude ?? null),
    latitude: located ? coordinate(v.latitude) : (previous?.latitude ?? null),
    active: v.active,
    licences: (v.licences ?? []).map((l) => ({
      kind: l.kind.trim(),
      number: l.number.trim(),
      scope: blank(l.scope),
      issuedOn: iso(l.issuedOn),
      expiresOn: iso(l.expiresOn),
    })),
  };
}

interface Props {
  open: boolean;
  org?: Org;
  onClose: () => void;
  onSaved: () => void;
}

/** Create / edit an organisation with its licences; server field errors appear on the fields. */
export function OrgFormModal({ open, org, onClose, onSaved }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const type = Form.useWatch('type', form);

  useEffect(() => {
    if (!open) return;
    setError(undefined);
    form.resetFields();
    form.setFieldsValue(org ? toValues(org) : { active: true, licences: [] });
  }, [open, org, form]);

  const save = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      if (org) await updateOrg(org.id, toInput(v, org));
      else await createOrg(toInput(v));
      message.success(t('web.common.saved'));
      onSaved();
      onClose();
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err);
      if (rest.length || !err.fields.length) setError([err.message, ...rest.map((r) => `${r.field}: ${r.message}`)].join('；'));
    } finally {
      setBusy(false);
    }
  };

  const req = (label: string) => [{ required: true, whitespace: true, message: t('web.elevator.required', { label }) }];
  return (
    <Modal
      open={open}
      width={820}
      title={org ? t('web.orgs.editTitle') : t('web.orgs.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('web.common.save')}
      okButtonProps={{ loading: busy }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={save}>
        <Row gutter={16}>
          <Col span={12}><Form.Item name="name" label={t('web.orgs.name')} rules={req(t('web.orgs.name'))}><Input maxLength={100} /></Form.Item></Col>
          <Col span={12}><Form.Item name="creditCode" label={t('web.orgs.creditCode')}><Input maxLength={18} /></Form.Item></Col>
          <Col span={12}><Form.Item name="type" label={t('web.orgs.type')} rules={[{ required: true, message: t('web.elevator.requiredSelect', { label: t('web.orgs.type') }) }]}><Select options={enumOptions('orgType')} /></Form.Item></Col>
          <Col span={12}><Form.Item name="regionCode" label={t('web.orgs.region')} rules={[{ required: true, message: t('web.elevator.requiredSelect', { label: t('web.orgs.region') }) }]}><RegionSelect allowClear={false} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={24}><Form.Item name="address" label={t('web.orgs.address')}><Input maxLength={200} /></Form.Item></Col>
          <Col span={8}><Form.Item name="contactName" label={t('web.orgs.contactName')}><Input maxLength={50} /></Form.Item></Col>
          <Col span={8}><Form.Item name="contactPhone" label={t('web.orgs.contactPhone')}><Input maxLength={30} /></Form.Item></Col>
          <Col span={8}><Form.Item name="hotline" label={t('web.orgs.hotline')}><Input maxLength={30} /></Form.Item></Col>
          <Col span={8}><Form.Item name="active" label={t('web.orgs.active')} valuePropName="checked"><Switch checkedChildren={t('web.common.active')} unCheckedChildren={t('web.common.inactive')} /></Form.Item></Col>
          {LOCATED_TYPES.includes(type) && (
            <>
              <Col span={8}><Form.Item name="longitude" label={t('web.emergency.orgs.longitude')}><InputNumber min={73} max={136} step={0.000001} precision={6} style={{ width: '100%' }} placeholder="117.000000" /></Form.Item></Col>
              <Col span={8}><Form.Item name="latitude" label={t('web.emergency.orgs.latitude')}><InputNumber min={3} max={54} step={0.000001} precision={6} style={{ width: '100%' }} placeholder="36.650000" /></Form.Item></Col>
              <Col span={8} style={{ paddingTop: 30 }}><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('web.emergency.orgs.locationHint')}</Typography.Text></Col>
            </>
          )}
        </Row>
        <Divider titlePlacement="start">{t('web.orgs.licences')}</Divider>
        <Form.List name="licences">
          {(fields, { add, remove }) => (
            <>
              {fields.map(({ key, name }) => (
                <Row gutter={8} key={key} align="top">
                  <Col span={5}><Form.Item name={[name, 'kind']} rules={req(t('web.orgs.licenceKind'))}><Input placeholder={t('web.orgs.licenceKind')} /></Form.Item></Col>
                  <Col span={5}><Form.Item name={[name, 'number']} rules={req(t('web.orgs.licenceNumber'))}><Input placeholder={t('web.orgs.licenceNumber')} /></Form.Item></Col>
                  <Col span={5}><Form.Item name={[name, 'scope']}><Input placeholder={t('web.orgs.licenceScope')} /></Form.Item></Col>
                  <Col span={4}><Form.Item name={[name, 'issuedOn']}><DatePicker placeholder={t('web.orgs.issuedOn')} style={{ width: '100%' }} /></Form.Item></Col>
                  <Col span={4}><Form.Item name={[name, 'expiresOn']}><DatePicker placeholder={t('web.orgs.expiresOn')} style={{ width: '100%' }} /></Form.Item></Col>
                  <Col span={1}><MinusCircleOutlined style={{ marginTop: 9 }} onClick={() => remove(name)} /></Col>
                </Row>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ kind: '', number: '' })}>
                {t('web.orgs.addLicence')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
