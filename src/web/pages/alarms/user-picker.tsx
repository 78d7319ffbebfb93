import { Alert, InputNumber, Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../api/http.ts';
import { listUsers } from '../../api/users.api.ts';
import { t } from '../../i18n.ts';

interface Props {
  id?: string;
  value?: number;
  onChange?: (id: number | undefined) => void;
}

/**
 * A user search over GET /api/users; that list is for administrators, so on 403 it becomes a plain user-id field.
 */
export function UserPicker({ id, value, onChange }: Props) {
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const [fallback, setFallback] = useState(false);
  const call = useRef(0);

  const search = (q: string) => {
    const n = ++call.current;
    setLoading(true);
    listUsers({ q: q.trim() || undefined, pageSize: 20 })
      .then((page) => {
        if (n === call.current) setOptions(page.items.filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）· ${u.orgName}` })));
      })
      .catch((e: ApiError) => {
        if (e.status === 403) setFallback(true);
      })
      .finally(() => n === call.current && setLoading(false));
  };

  useEffect(() => search(''), []);

  if (fallback) {
    return (
      <>
        <Alert type="info" showIcon title={t('web.alarms.assignFallback')} style={{ marginBottom: 8 }} />
        <InputNumber<number>
          id={id}
          min={1}
          precision={0}
          style={{ width: '100%' }}
          placeholder={t('web.alarms.assignUserId')}
          value={value ?? null}
          onChange={(v) => onChange?.(v ?? undefined)}
        />
      </>
    );
  }
  return (
    <Select<number>
      id={id}
      allowClear
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={loading}
      showSearch={{ filterOption: false, onSearch: search }}
      placeholder={t('web.alarms.assignUserPlaceholder')}
      style={{ width: '100%' }}
    />
  );
}
