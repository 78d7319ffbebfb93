import { Alert, Card, Spin, Typography } from 'antd';
import { getMyCredit } from '../../api/credit.api.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import { CreditFileView } from './credit-file-view.tsx';

/** `/credit/me` 我的信用: the caller's own organisation's file (read only). */
export default function MyCreditPage() {
  const data = useAsync(() => getMyCredit(), []);
  return (
    <Card>
      <PageHeader title={t('web.credit.my.title')} />
      <Typography.Paragraph type="secondary">{t('web.credit.my.intro')}</Typography.Paragraph>
      {data.error && <Alert type="error" showIcon title={data.error.message} />}
      {data.loading && !data.data && <Spin />}
      {data.data && <CreditFileView file={data.data} />}
    </Card>
  );
}
