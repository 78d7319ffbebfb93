import { CloudUploadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api/http.ts';
import { listDevices, rotateSecret, setDeviceEnabled, unbindDevice } from '../../api/iot.api.ts';
import type { Device, DeviceQuery } from '../../api/iot.types.ts';
import { formatDateTime, formatDateTimeSec } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { enumLabel, enumOptions, t } from '../../i18n.ts';
import { protocolLabel, protocolOptions, useIotMeta } from '../iot/use-iot-meta.ts';
import { DeviceBindModal } from './device-bind-modal.tsx';
import { DeviceHealthCell } from './device-health.tsx';
import { DeviceImportModal } from './device-import-modal.tsx';
import { DeviceRegisterModal } from './device-register-modal.tsx';
import { SecretModal } from './secret-modal.tsx';

/** `/devices` 监测终端: register, bind, disable and re-key terminals, bulk import, traffic health. */
export default function DevicesPage() {
  const { message } = App.useApp();
  const meta = useIotMeta();
  const [query, setQuery] = useState<DeviceQuery>({ page: 1, pageSize: 20 });
  const list = useAsync(() => listDevices(query), [JSON.stringify(query)]);
  const [registering, setRegistering] = useState(false);
  const [importing, setImporting] = useState(false);
  const [binding, setBinding] = useState<Device>();
  const [secret, setSecret] = useState<{ deviceId: string; secret: string }>();
  const patch = (p: Partial<DeviceQuery>) => setQuery((q) => ({ ...q, ...p, page: 1 }));

  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      message.success(done);
      list.reload();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  const rotate = async (d: Device) => {
    try {
      const r = await rotateSecret(d.deviceId);
      setSecret({ deviceId: d.deviceId, secret: r.secret });
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  const columns: TableColumnsType<Device> = [
    { key: 'deviceId', title: t('web.devices.deviceId'), dataIndex: 'deviceId', width: 240, fixed: 'left', render: (v: string) => <Typography.Text copyable>{v}</Typography.Text> },
    {
      key: 'elevator',
      title: t('web.devices.elevator'),
      width: 300,
      render: (_: unknown, d) =>
        d.registrationCode ? (
          <div>
            <Link to={`/elevators/${d.registrationCode}`}>{d.registrationCode}</Link>
            {d.address && (
              <div>
                <Typography.Text type="secondary" ellipsis={{ tooltip: d.address }} style={{ maxWidth: 280 }}>
                  {d.address}
                </Typography.Text>
              </div>
            )}
          </div>
        ) : (
          <Typography.Text type="secondary">{t('web.devices.unbound')}</Typography.Text>
        ),
    },
    {
      key: 'online',
      title: t('web.devices.online'),
      width: 90,
      render: (_: unknown, d) => <Badge status={d.online ? 'success' : 'default'} text={d.online ? t('web.devices.isOnline') : t('web.devices.isOffline')} />,
    },
    {
      key: 'lastSeen',
      title: t('web.devices.lastSeen'),
      dataIndex: 'lastSeen',
      width: 170,
      render: (v: string | null) => (v ? formatDateTimeSec(v) : <Typography.Text type="secondary">{t('web.devices.never')}</Typography.Text>),
    },
    { key: 'bad', title: t('web.devices.badTraffic'), width: 100, render: (_: unknown, d) => <DeviceHealthCell health={d.health} /> },
    {
      key: 'status',
      title: t('web.devices.status'),
      dataIndex: 'status',
      width: 80,
      render: (s: string) => <Tag color={s === 'active' ? 'green' : 'default'}>{enumLabel('deviceStatus', s)}</Tag>,
    },
    { key: 'protocol', title: t('web.devices.protocol'), dataIndex: 'protocol', width: 150, render: (p: string) => protocolLabel(meta, p) },
    {
      key: 'vendor',
      title: t('web.devices.vendor'),
      width: 200,
      render: (_: unknown, d) => {
        const text = [d.vendor, d.model, d.firmware].filter(Boolean).join(' / ');
        return text ? <Tooltip title={d.productKey ? `${t('web.devices.productKey')}: ${d.productKey}` : undefined}>{text}</Tooltip> : '';
      },
    },
    { key: 'createdAt', title: t('web.devices.createdAt'), dataIndex: 'createdAt', width: 150, render: formatDateTime },
    {
      key: 'actions',
      title: t('web.common.actions'),
      width: 250,
      fixed: 'right',
      render: (_: unknown, d) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setBinding(d)}>
            {d.registrationCode ? t('web.devices.rebind') : t('web.devices.bind')}
          </Button>
          {d.registrationCode && (
            <Popconfirm title={t('web.devices.unbindConfirm', { deviceId: d.deviceId })} onConfirm={() => run(() => unbindDevice(d.deviceId), t('web.devices.unbindDone'))}>
              <Button type="link" size="small">
                {t('web.devices.unbind')}
              </Button>
            </Popconfirm>
          )}
          {d.status === 'active' ? (
            <Popconfirm title={t('web.devices.disableConfirm', { deviceId: d.deviceId })} onConfirm={() => run(() => setDeviceEnabled(d.deviceId, false), t('web.devices.statusDone'))}>
              <Button type="link" size="small" danger>
                {t('web.devices.disable')}
              </Button>
            </Popconfirm>
          ) : (
            <Button type="link" size="small" onClick={() => void run(() => setDeviceEnabled(d.deviceId, true), t('web.devices.statusDone'))}>
              {t('web.devices.enable')}
            </Button>
          )}
          <Popconfirm title={t('web.devices.rotateConfirm', { deviceId: d.deviceId })} onConfirm={() => rotate(d)}>
            <Button type="link" size="small">
              {t('web.devices.rotate')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const onlineValue = query.online === undefined ? undefined : String(query.online);
  return (
    <Card>
      <PageHeader
        title={t('web.devices.title')}
        extra={
          <Space>
            <Button icon={<CloudUploadOutlined />} onClick={() => setImporting(true)}>
              {t('web.devices.import')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)}>
              {t('web.devices.register')}
            </Button>
          </Space>
        }
      />
      <Space wrap size={[8, 8]} style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          style={{ width: 300 }}
          placeholder={t('web.devices.searchPlaceholder')}
          onSearch={(q) => patch({ q: q.trim() || undefined })}
          enterButton={t('web.common.search')}
        />
        <Select
          allowClear
          placeholder={t('web.devices.status')}
          style={{ width: 110 }}
          value={query.status}
          options={enumOptions('deviceStatus')}
          onChange={(status?: 'active' | 'disabled') => patch({ status })}
        />
        <Select
          allowClear
          placeholder={t('web.devices.online')}
          style={{ width: 120 }}
          value={onlineValue}
          options={[
            { value: 'true', label: t('web.devices.isOnline') },
            { value: 'false', label: t('web.devices.isOffline') },
          ]}
          onChange={(v?: string) => patch({ online: v === undefined ? undefined : v === 'true' })}
        />
        <Select
          allowClear
          placeholder={t('web.devices.protocol')}
          style={{ width: 160 }}
          value={query.protocol}
          options={protocolOptions(meta)}
          onChange={(protocol?: string) => patch({ protocol })}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<Device>
        rowKey="deviceId"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1760 }}
        pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('web.common.total', { total }) }}
        onChange={(p) => setQuery((q) => ({ ...q, page: p.current ?? 1, pageSize: p.pageSize ?? 20 }))}
      />
      <DeviceRegisterModal open={registering} onClose={() => setRegistering(false)} onSaved={list.reload} />
      <DeviceBindModal device={binding} onClose={() => setBinding(undefined)} onSaved={list.reload} />
      <DeviceImportModal open={importing} onClose={() => setImporting(false)} onImported={list.reload} />
      <SecretModal shown={secret} onClose={() => setSecret(undefined)} />
    </Card>
  );
}
