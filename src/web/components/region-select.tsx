import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { t } from '../i18n.ts';
import { buildRegionTree } from './region-tree.ts';
import { useRegions } from './use-reference.ts';

interface Props {
  /** Set by Form.Item so the label and scroll-to-error find the control. */
  id?: string;
  value?: string;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  style?: React.CSSProperties;
  allowClear?: boolean;
}

/** Region picker over /api/regions: province → city → county / development zone, searchable by name. */
export function RegionSelect({ id, value, onChange, placeholder, style, allowClear = true }: Props) {
  const regions = useRegions();
  const tree = useMemo(() => buildRegionTree(regions ?? []), [regions]);
  const rootKeys = useMemo(() => tree.map((n) => n.value), [tree]);
  return (
    <TreeSelect
      id={id}
      value={value || undefined}
      onChange={(v: string | undefined) => onChange?.(v || undefined)}
      treeData={tree}
      treeDefaultExpandedKeys={rootKeys}
      loading={!regions}
      showSearch={{ treeNodeFilterProp: 'title' }}
      allowClear={allowClear}
      placeholder={placeholder ?? t('web.region.placeholder')}
      style={{ minWidth: 200, ...style }}
      popupMatchSelectWidth={false}
    />
  );
}
