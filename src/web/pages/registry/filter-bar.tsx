import { Button, Input, InputNumber, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import type { ElevatorFilters } from '../../api/elevators.api.ts';
import { RegionSelect } from '../../components/region-select.tsx';
import { useRegistryMeta } from '../../components/use-reference.ts';
import { enumOptions, t } from '../../i18n.ts';

interface Props {
  filters: ElevatorFilters;
  onChange: (patch: Partial<ElevatorFilters>) => void;
  onReset: () => void;
}

/** Region, status, category, place type, age range and free text; every change goes to the URL. */
export function FilterBar({ filters, onChange, onReset }: Props) {
  const meta = useRegistryMeta();
  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => setText(filters.q ?? ''), [filters.q]);
  const categories = (meta?.categories ?? []).map((c) => ({ value: c.code, label: c.name }));

  return (
    <Space wrap size={[8, 8]} style={{ marginBottom: 12 }}>
      <RegionSelect value={filters.regionCode} onChange={(regionCode) => onChange({ regionCode })} style={{ width: 200 }} />
      <Select
        allowClear
        placeholder={t('web.registry.status')}
        style={{ width: 120 }}
        value={filters.status}
        options={enumOptions('status')}
        onChange={(status?: string) => onChange({ status })}
      />
      <Select
        allowClear
        placeholder={t('web.registry.category')}
        style={{ width: 180 }}
        value={filters.category}
        options={categories}
        loading={!meta}
        onChange={(category?: string) => onChange({ category })}
      />
      <Select
        allowClear
        placeholder={t('web.registry.placeType')}
        style={{ width: 130 }}
        value={filters.placeType}
        options={enumOptions('placeType')}
        onChange={(placeType?: string) => onChange({ placeType })}
      />
      <Space.Compact>
        <InputNumber
          min={0}
          max={100}
          precision={0}
          style={{ width: 150 }}
          prefix={t('web.registry.age')}
          placeholder={t('web.registry.minAge')}
          value={filters.minAge ?? null}
          onChange={(v) => onChange({ minAge: v ?? undefined })}
        />
        <InputNumber
          min={0}
          max={100}
          precision={0}
          style={{ width: 90 }}
          placeholder={t('web.registry.maxAge')}
          value={filters.maxAge ?? null}
          onChange={(v) => onChange({ maxAge: v ?? undefined })}
        />
      </Space.Compact>
      <Input.Search
        allowClear
        style={{ width: 360 }}
        placeholder={t('web.registry.searchPlaceholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(v) => onChange({ q: v.trim() || undefined })}
        enterButton={t('web.common.search')}
      />
      <Button onClick={onReset}>{t('web.common.reset')}</Button>
    </Space>
  );
}
