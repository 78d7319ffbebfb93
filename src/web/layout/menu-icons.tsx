import {
  AlertOutlined,
  ApiOutlined,
  BellOutlined,
  ControlOutlined,
  LineChartOutlined,
  AuditOutlined,
  BankOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FileSearchOutlined,
  LikeOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  ToolOutlined,
  WifiOutlined,
  BuildOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

/** Icons of the side menu by `MenuEntry.icon`. */
export const MENU_ICONS: Record<string, ReactNode> = {
  dashboard: <DashboardOutlined />,
  registry: <DatabaseOutlined />,
  imports: <CloudUploadOutlined />,
  orgs: <BankOutlined />,
  users: <TeamOutlined />,
  audit: <AuditOutlined />,
  iot: <WifiOutlined />,
  alarms: <BellOutlined />,
  devices: <ApiOutlined />,
  faults: <LineChartOutlined />,
  iotRules: <ControlOutlined />,
  emergency: <AlertOutlined />,
  inspection: <SafetyCertificateOutlined />,
  maintenance: <ToolOutlined />,
  renovation: <BuildOutlined />,
  complaints: <LikeOutlined />,
};

export const FALLBACK_ICON = <FileSearchOutlined />;
