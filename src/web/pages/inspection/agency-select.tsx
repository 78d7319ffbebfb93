import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { listOrgs } from '../../api/orgs.api.ts';

interface Props {
  id?: string;
  value?: number;
  onChange?: (id: number | undefined) => void;
  placeholder?: string;
}

/** Picker of inspection agencies (/api/orgs?type=inspection), searched by name as the user types. */
export function AgencySelect({ id, value, onChange, placeholder }: Props) {
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const call = useRef(0);
  const search = (q: string) => {
    const n = ++call.current;
    setLoading(true);
    listOrgs({ type: 'inspection', q: q.trim() || undefined, pageSize: 20 })
      .then((page) => n === call.current && setOptions(page.items.map((o) => ({ value: o.id, label: o.name }))))
      .catch(() => undefined)
      .finally(() => n === call.current && setLoading(false));
  };
  useEffect(() => search(''), []);
  return (
    <Select<number>
      id={id}
      allowClear
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={loading}
      showSearch={{ filterOption: false, onSearch: search }}
      placeholder={placeholder}
      style={{ minWidth: 260 }}
    />
  );
}
