import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, Popconfirm, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import type { User, UserUpdate } from '../../api/types.ts';
import { listUsers, resetSecondFactor, updateUser, type UserQuery } from '../../api/users.api.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { formatDateTime } from '../../components/format.ts';
import { OrgSelect } from '../../components/org-select.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { enumLabel, t } from '../../i18n.ts';
import { UserFormModal } from './user-form-modal.tsx';

/** `/users`: accounts by organisation, with create, edit, enable/disable and unlock. */
export default function UsersPage() {
  const { message } = App.useApp();
  const { me } = useSession();
  const [query, setQuery] = useState<UserQuery>({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<{ user?: User } | null>(null);
  const list = useAsync(() => listUsers(query), [JSON.stringify(query)]);
  const patch = (p: Partial<UserQuery>) => setQuery((q) => ({ ...q, ...p, page: 1 }));

  const quick = async (user: User, change: UserUpdate, done: string) => {
    try {
      await updateUser(user.id, change);
      message.success(done);
      list.reload();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  const resetFactor = async (user: User) => {
    try {
      await resetSecondFactor(user.id);
      message.success(t('web.users.secondFactorReset'));
      list.reload();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  const columns: TableColumnsType<User> = [
    { key: 'username', title: t('web.users.username'), dataIndex: 'username', width: 140 },
    { key: 'displayName', title: t('web.users.displayName'), dataIndex: 'displayName', width: 120 },
    { key: 'org', title: t('web.users.org'), dataIndex: 'orgName', ellipsis: true },
    {
      key: 'roles',
      title: t('web.users.roles'),
      dataIndex: 'roles',
      render: (roles: string[]) => roles.map((r) => <Tag key={r} color="blue">{enumLabel('role', r)}</Tag>),
    },
    { key: 'phone', title: t('web.users.phone'), dataIndex: 'phone', width: 130 },
    {
      key: 'status',
      title: t('web.users.status'),
      width: 130,
      render: (_: unknown, u) => (
        <Space size={4}>
          <Tag color={u.active ? 'green' : 'default'}>{u.active ? t('web.common.active') : t('web.common.inactive')}</Tag>
          {u.locked && <Tag color="red">{t('web.users.locked')}</Tag>}
          {u.secondFactorEnrolled && <Tag color="purple">{t('web.users.secondFactor')}</Tag>}
        </Space>
      ),
    },
    { key: 'lastLoginAt', title: t('web.users.lastLoginAt'), dataIndex: 'lastLoginAt', width: 150, render: formatDateTime },
    {
      key: 'actions',
      title: t('web.common.actions'),
      width: 230,
      render: (_: unknown, u) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing({ user: u })}>
            {t('web.common.edit')}
          </Button>
          {u.locked && (
            <Button type="link" size="small" onClick={() => void quick(u, { unlock: true }, t('web.users.unlocked'))}>
              {t('web.users.unlock')}
            </Button>
          )}
          {u.secondFactorEnrolled && u.id !== me.id && (
            <Popconfirm title={t('web.users.resetSecondFactorConfirm')} onConfirm={() => void resetFactor(u)}>
              <Button type="link" size="small">
                {t('web.users.resetSecondFactor')}
              </Button>
            </Popconfirm>
          )}
          {u.id !== me.id && (
            <Button type="link" size="small" danger={u.active} onClick={() => void quick(u, { active: !u.active }, t('web.common.saved'))}>
              {u.active ? t('web.users.disable') : t('web.users.enable')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card>
      <PageHeader
        title={t('web.users.title')}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>{t('web.users.create')}</Button>}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgSelect placeholder={t('web.users.orgPlaceholder')} value={query.orgId} onChange={(orgId) => patch({ orgId })} style={{ width: 280 }} />
        <Input.Search allowClear placeholder={t('web.users.searchPlaceholder')} style={{ width: 240 }} onSearch={(q) => patch({ q: q.trim() || undefined })} enterButton={t('web.common.search')} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<User>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('web.common.total', { total }) }}
        onChange={(p) => setQuery((q) => ({ ...q, page: p.current ?? 1, pageSize: p.pageSize ?? 20 }))}
      />
      <UserFormModal open={editing !== null} user={editing?.user} onClose={() => setEditing(null)} onSaved={list.reload} />
    </Card>
  );
}
