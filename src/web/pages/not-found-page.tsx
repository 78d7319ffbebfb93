import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { t } from '../i18n.ts';

export function NotFoundPage() {
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('web.common.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('web.common.backHome')}</Button>
        </Link>
      }
    />
  );
}
