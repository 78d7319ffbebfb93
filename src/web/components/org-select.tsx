import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { listOrgs } from '../api/orgs.api.ts';
import { enumLabel } from '../i18n.ts';

interface Props {
  /** Set by Form.Item so the label and scroll-to-error find the control. */
  id?: string;
  value?: number;
  onChange?: (id: number | undefined) => void;
  placeholder?: string;
  style?: React.CSSProperties;
  /** Shown for `value` before the user searches (e.g. the user's current organisation). */
  initialLabel?: string;
  disabled?: boolean;
}

interface Option {
  value: number;
  label: string;
}

/** Organisation picker searching /api/orgs by name or credit code as the user types. */
export function OrgSelect({ id, value, onChange, placeholder, style, initialLabel, disabled }: Props) {
  const [options, setOptions] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);
  const call = useRef(0);

  const search = (q: string) => {
    const id = ++call.current;
    setLoading(true);
    listOrgs({ q: q.trim() || undefined, pageSize: 20 })
      .then((page) => {
        if (id === call.current) setOptions(page.items.map((o) => ({ value: o.id, label: `${o.name}（${enumLabel('orgType', o.type)}）` })));
      })
      .catch(() => undefined)
      .finally(() => id === call.current && setLoading(false));
  };

  useEffect(() => search(''), []);

  const withCurrent = value !== undefined && initialLabel && !options.some((o) => o.value === value) ? [{ value, label: initialLabel }, ...options] : options;
  return (
    <Select<number>
      id={id}
      allowClear
      disabled={disabled}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={withCurrent}
      loading={loading}
      showSearch={{ filterOption: false, onSearch: search }}
      placeholder={placeholder}
      style={{ minWidth: 220, ...style }}
    />
  );
}
