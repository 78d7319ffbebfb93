import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Spin } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { getElevator, qrUrl } from '../../api/elevators.api.ts';
import { useAsync } from '../../components/use-async.ts';
import { t } from '../../i18n.ts';
import './label-page.css';

/** `/elevators/:code/label`: a printable car sticker: QR to the public page, 注册代码, 救援识别码, 96333. */
export default function LabelPage() {
  const { code = '' } = useParams();
  const { data, error } = useAsync(() => getElevator(code), [code]);

  return (
    <div className="ls-label-page">
      <Space className="ls-label-toolbar">
        <Link to={`/elevators/${code}`}>
          <Button icon={<ArrowLeftOutlined />}>{t('web.elevator.title')}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} disabled={!data} onClick={() => window.print()}>
          {t('web.label.print')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon title={error.message} />}
      {!data && !error && <Spin size="large" />}
      {data && (
        <div className="ls-label">
          <div className="ls-label-brand">{t('web.label.brand')}</div>
          <img className="ls-label-qr" src={qrUrl(data.registrationCode, 'svg')} alt={data.registrationCode} />
          <dl className="ls-label-codes">
            <dt>{t('web.label.registrationCode')}</dt>
            <dd className="ls-label-reg">{data.registrationCode}</dd>
            <dt>{t('web.label.rescueCode')}</dt>
            <dd className="ls-label-rescue">{data.rescueCode ?? t('web.common.none')}</dd>
          </dl>
          <div className="ls-label-hint">{t('web.label.scanHint')}</div>
        </div>
      )}
    </div>
  );
}
