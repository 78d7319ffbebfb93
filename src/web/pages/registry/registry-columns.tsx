import type { TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import type { ElevatorSort } from '../../api/elevators.api.ts';
import type { ElevatorListItem } from '../../api/types.ts';
import { formatDate, formatDateTime } from '../../components/format.ts';
import { StatusTag } from '../../components/status-tag.tsx';
import { enumLabel, t } from '../../i18n.ts';
import type { RegistryQuery } from './registry-query.ts';

const order = (query: RegistryQuery, key: ElevatorSort) =>
  query.sort === key ? (query.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null;

/** Registry table columns; sortable ones are sorted by the server. */
export function registryColumns(query: RegistryQuery): TableColumnsType<ElevatorListItem> {
  return [
    {
      key: 'registrationCode',
      title: t('web.registry.col.registrationCode'),
      dataIndex: 'registrationCode',
      sorter: true,
      sortOrder: order(query, 'registrationCode'),
      fixed: 'left',
      width: 200,
      render: (code: string) => <Link to={`/elevators/${code}`}>{code}</Link>,
    },
    { key: 'rescueCode', title: t('web.registry.col.rescueCode'), dataIndex: 'rescueCode', width: 100 },
    { key: 'category', title: t('web.registry.col.category'), dataIndex: 'categoryName', width: 140 },
    {
      key: 'regionCode',
      title: t('web.registry.col.region'),
      dataIndex: 'regionName',
      sorter: true,
      sortOrder: order(query, 'regionCode'),
      width: 110,
    },
    {
      key: 'address',
      title: t('web.registry.col.address'),
      dataIndex: 'address',
      ellipsis: true,
      render: (address: string, row) => (row.placeName ? `${address} · ${row.placeName}` : address),
    },
    {
      key: 'placeType',
      title: t('web.registry.col.placeType'),
      dataIndex: 'placeType',
      width: 80,
      render: (v: string) => enumLabel('placeType', v),
    },
    { key: 'useUnit', title: t('web.registry.col.useUnit'), dataIndex: 'useUnitName', ellipsis: true },
    { key: 'maintenance', title: t('web.registry.col.maintenance'), dataIndex: 'maintenanceName', ellipsis: true },
    {
      key: 'status',
      title: t('web.registry.col.status'),
      dataIndex: 'status',
      width: 80,
      render: (status: string) => <StatusTag status={status} />,
    },
    {
      key: 'commissioningDate',
      title: t('web.registry.col.commissioningDate'),
      dataIndex: 'commissioningDate',
      sorter: true,
      sortOrder: order(query, 'commissioningDate'),
      width: 120,
      render: (v: string | null) => formatDate(v),
    },
    {
      key: 'age',
      title: t('web.registry.col.age'),
      dataIndex: 'ageYears',
      width: 70,
      render: (v: number | null) => (v === null ? '' : t('web.common.years', { n: v })),
    },
    {
      key: 'updatedAt',
      title: t('web.registry.col.updatedAt'),
      dataIndex: 'updatedAt',
      sorter: true,
      sortOrder: order(query, 'updatedAt'),
      width: 150,
      render: (v: string) => formatDateTime(v),
    },
  ];
}
