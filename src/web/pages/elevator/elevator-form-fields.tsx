import { Col, DatePicker, Divider, Form, Input, InputNumber, Row, Select } from 'antd';
import type { ReactNode } from 'react';
import { RegionSelect } from '../../components/region-select.tsx';
import { useRegistryMeta } from '../../components/use-reference.ts';
import { enumOptions, t } from '../../i18n.ts';
import { fieldLabel, type FieldKey } from './field-label.ts';

interface ItemProps {
  name: FieldKey;
  /** `input` asks to fill in, `select` to choose. */
  required?: 'input' | 'select';
  children: ReactNode;
  span?: number;
  extra?: string;
}

function Item({ name, required, children, span = 12, extra }: ItemProps) {
  const text = fieldLabel(name);
  const message = required === 'select' ? t('web.elevator.requiredSelect', { label: text }) : t('web.elevator.required', { label: text });
  return (
    <Col xs={24} md={span}>
      <Form.Item name={name} label={text} extra={extra} rules={required ? [{ required: true, whitespace: true, message }] : undefined}>
        {children}
      </Form.Item>
    </Col>
  );
}

const date = <DatePicker style={{ width: '100%' }} />;
const num = (step?: number) => <InputNumber style={{ width: '100%' }} step={step} />;

/** The registry record's form items, grouped as on the detail page. */
export function ElevatorFormFields({ editing }: { editing: boolean }) {
  const meta = useRegistryMeta();
  const categories = (meta?.categories ?? []).map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }));
  const yesNo = [
    { value: true, label: t('web.common.yes') },
    { value: false, label: t('web.common.no') },
  ];
  return (
    <>
      <Divider titlePlacement="start">{t('web.elevator.sectionBasic')}</Divider>
      <Row gutter={16}>
        <Item name="registrationCode" required="input">
          <Input maxLength={20} disabled={editing} />
        </Item>
        <Item name="rescueCode">
          <Input maxLength={7} />
        </Item>
        <Item name="equipmentCode">
          <Input maxLength={18} />
        </Item>
        <Item name="certificateNo">
          <Input maxLength={40} />
        </Item>
        <Item name="category" required="select">
          <Select options={categories} loading={!meta} showSearch={{ optionFilterProp: 'label' }} />
        </Item>
        <Item name="status" extra={editing ? t('web.elevator.statusHint') : undefined}>
          <Select options={enumOptions('status')} disabled={editing} allowClear />
        </Item>
        <Item name="regionCode" required="select">
          <RegionSelect allowClear={false} style={{ width: '100%' }} />
        </Item>
        <Item name="placeType">
          <Select options={enumOptions('placeType')} allowClear />
        </Item>
        <Item name="address" required="input" span={24}>
          <Input maxLength={200} />
        </Item>
        <Item name="placeName" span={24}>
          <Input maxLength={100} />
        </Item>
      </Row>
      <Divider titlePlacement="start">{t('web.elevator.sectionUnits')}</Divider>
      <Row gutter={16}>
        <Item name="useUnitName">
          <Input maxLength={100} />
        </Item>
        <Item name="useUnitCreditCode">
          <Input maxLength={18} />
        </Item>
        <Item name="maintenanceName">
          <Input maxLength={100} />
        </Item>
        <Item name="maintenanceCreditCode">
          <Input maxLength={18} />
        </Item>
        <Item name="maintenancePhone">
          <Input maxLength={30} />
        </Item>
        <Item name="manufacturerName">
          <Input maxLength={100} />
        </Item>
        <Item name="model">
          <Input maxLength={60} />
        </Item>
        <Item name="factoryNo">
          <Input maxLength={60} />
        </Item>
      </Row>
      <Divider titlePlacement="start">{t('web.elevator.sectionDates')}</Divider>
      <Row gutter={16}>
        <Item name="manufactureDate">{date}</Item>
        <Item name="commissioningDate">{date}</Item>
        <Item name="registrationDate">{date}</Item>
        <Item name="acceptanceDate">{date}</Item>
      </Row>
      <Divider titlePlacement="start">{t('web.elevator.sectionTech')}</Divider>
      <Row gutter={16}>
        <Item name="floors">{num(1)}</Item>
        <Item name="ratedSpeed">{num(0.1)}</Item>
        <Item name="ratedLoad">{num(50)}</Item>
        <Item name="ascendingOverspeedProtection">
          <Select options={yesNo} allowClear />
        </Item>
        <Item name="longitude">{num(0.0001)}</Item>
        <Item name="latitude">{num(0.0001)}</Item>
      </Row>
    </>
  );
}
