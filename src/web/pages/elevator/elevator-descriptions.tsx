import { Descriptions, type DescriptionsProps } from 'antd';
import type { ReactNode } from 'react';
import type { Elevator, OrgBrief } from '../../api/types.ts';
import { formatDate, formatDateTime } from '../../components/format.ts';
import { StatusTag } from '../../components/status-tag.tsx';
import { enumLabel, t, type MessageKey } from '../../i18n.ts';
import { fieldLabel, type FieldKey } from './field-label.ts';

type Entry = [FieldKey, ReactNode, number?];

const show = (v: ReactNode) => (v === null || v === undefined || v === '' ? t('web.common.none') : v);

function org(o: OrgBrief | null): ReactNode {
  if (!o) return null;
  return (
    <>
      {o.name}
      {o.creditCode && <div style={{ color: '#888' }}>{o.creditCode}</div>}
      {o.hotline && <div>{o.hotline}</div>}
    </>
  );
}

function items(entries: Entry[]): DescriptionsProps['items'] {
  return entries.map(([key, value, span]) => ({ key, label: fieldLabel(key), children: show(value), span }));
}

function yesNo(v: boolean | null): string | null {
  return v === null ? null : v ? t('web.common.yes') : t('web.common.no');
}

/** Every field of the record, in sections, with Chinese labels. */
export function ElevatorDescriptions({ e }: { e: Elevator }) {
  const sections: [MessageKey, Entry[]][] = [
    [
      'web.elevator.sectionBasic',
      [
        ['registrationCode', e.registrationCode],
        ['rescueCode', e.rescueCode],
        ['equipmentCode', e.equipmentCode],
        ['certificateNo', e.certificateNo],
        ['category', `${e.category} ${e.categoryName}`],
        ['status', <StatusTag status={e.status} />],
        ['regionCode', e.regionName],
        ['placeType', enumLabel('placeType', e.placeType)],
        ['address', e.address, 2],
        ['placeName', e.placeName],
      ],
    ],
    [
      'web.elevator.sectionUnits',
      [
        ['useUnit', org(e.useUnit)],
        ['maintenanceOrg', org(e.maintenanceOrg)],
        ['maintenancePhone', e.maintenancePhone],
        ['manufacturerName', e.manufacturerName],
        ['model', e.model],
        ['factoryNo', e.factoryNo],
      ],
    ],
    [
      'web.elevator.sectionDates',
      [
        ['manufactureDate', formatDate(e.manufactureDate)],
        ['commissioningDate', formatDate(e.commissioningDate)],
        ['registrationDate', formatDate(e.registrationDate)],
        ['acceptanceDate', formatDate(e.acceptanceDate)],
        ['ageYears', e.ageYears === null ? null : t('web.common.years', { n: e.ageYears })],
        ['statusChangedAt', formatDateTime(e.statusChangedAt)],
      ],
    ],
    [
      'web.elevator.sectionTech',
      [
        ['floors', e.floors],
        ['ratedSpeed', e.ratedSpeed],
        ['ratedLoad', e.ratedLoad],
        ['ascendingOverspeedProtection', yesNo(e.ascendingOverspeedProtection)],
        ['longitude', e.longitude],
        ['latitude', e.latitude],
      ],
    ],
    [
      'web.elevator.sectionRecord',
      [
        ['version', e.version],
        ['createdAt', formatDateTime(e.createdAt)],
        ['updatedAt', formatDateTime(e.updatedAt)],
      ],
    ],
  ];
  return (
    <>
      {sections.map(([title, entries]) => (
        <Descriptions
          key={title}
          title={t(title)}
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 1, lg: 2, xl: 2, xxl: 3 }}
          styles={{ label: { width: 150, whiteSpace: 'nowrap' } }}
          items={items(entries)}
          style={{ marginBottom: 20 }}
        />
      ))}
    </>
  );
}
