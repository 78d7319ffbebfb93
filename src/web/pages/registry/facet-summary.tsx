import { Space, Tag, Typography } from 'antd';
import type { Facets } from '../../api/types.ts';
import { t } from '../../i18n.ts';

/** "符合条件 N 台" with counts by status and category for the current filters. */
export function FacetSummary({ facets }: { facets: Facets | undefined }) {
  if (!facets) return null;
  return (
    <Space wrap size={[4, 4]} style={{ marginBottom: 12 }}>
      <Typography.Text strong>{t('web.registry.facetTotal', { total: facets.total })}</Typography.Text>
      {facets.byStatus.map((b) => (
        <Tag key={`s-${b.key}`} color="blue">
          {b.label} {b.count}
        </Tag>
      ))}
      {facets.byCategory.slice(0, 6).map((b) => (
        <Tag key={`c-${b.key}`}>
          {b.label} {b.count}
        </Tag>
      ))}
    </Space>
  );
}
