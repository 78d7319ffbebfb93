import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd';
import { useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../auth/auth-context.tsx';
import { t } from '../i18n.ts';
import { buildMenu, selectedKey, type MenuGroup } from './build-menu.ts';
import { FALLBACK_ICON, MENU_ICONS } from './menu-icons.tsx';
import './app-layout.css';

function toItems(groups: MenuGroup[]): MenuProps['items'] {
  return groups.map((group) => ({
    type: 'group' as const,
    key: group.key,
    label: t(group.label),
    children: group.items.map((item) => ({
      key: item.key,
      icon: MENU_ICONS[item.icon] ?? FALLBACK_ICON,
      disabled: item.comingSoon,
      label: item.comingSoon ? (
        <span className="ls-coming">
          {t(item.label)}
          <Tag className="ls-coming-tag">{t('web.common.comingSoon')}</Tag>
        </span>
      ) : (
        t(item.label)
      ),
    })),
  }));
}

/** The signed-in shell: side menu by module (role-aware), header with user, organisation and logout. */
export function AppLayout() {
  const { me, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  // On a phone (a rescuer's task list) the menu folds away completely behind its trigger.
  const [narrow, setNarrow] = useState(false);
  const groups = useMemo(() => buildMenu(me.permissions, me.orgType), [me.permissions, me.orgType]);
  const items = useMemo(() => toItems(groups), [groups]);
  const paths = useMemo(() => new Map(groups.flatMap((g) => g.items.map((i) => [i.key, i.path]))), [groups]);
  const selected = selectedKey(groups, location.pathname);

  return (
    <Layout className="ls-shell">
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="md"
        onBreakpoint={(broken) => {
          setNarrow(broken);
          setCollapsed(broken);
        }}
        collapsedWidth={narrow ? 0 : 80}
        width={220}
        theme="dark"
      >
        <div className="ls-brand">
          <span className="ls-brand-name">{t('web.app.brand')}</span>
          {!collapsed && <span className="ls-brand-sub">{t('web.app.brandSub')}</span>}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          items={items}
          selectedKeys={selected ? [selected] : []}
          onClick={({ key }) => {
            const path = paths.get(key);
            if (path) navigate(path);
            if (narrow) setCollapsed(true);
          }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="ls-header">
          <Space size="middle">
            <UserOutlined />
            <Typography.Text strong>{me.displayName}</Typography.Text>
            <Typography.Text type="secondary" className="ls-header-org">
              {me.orgName}
            </Typography.Text>
            <Button icon={<LogoutOutlined />} onClick={() => void signOut()}>
              {t('web.common.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="ls-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
