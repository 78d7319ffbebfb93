import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Permission } from '../api/types.ts';
import { t } from '../i18n.ts';
import { useSession } from './auth-context.tsx';

/** Renders `children` when the user holds any of `anyOf`; a 403 page otherwise. */
export function RequirePermission({ anyOf, children }: { anyOf: Permission[]; children: ReactNode }) {
  const { can } = useSession();
  if (anyOf.some(can)) return <>{children}</>;
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('web.common.forbidden')}
      extra={
        <Link to="/">
          <Button type="primary">{t('web.common.backHome')}</Button>
        </Link>
      }
    />
  );
}
