import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { login } from '../../api/auth.api.ts';
import type { ApiError } from '../../api/http.ts';
import { t } from '../../i18n.ts';
import './login-page.css';

interface Credentials {
  username: string;
  password: string;
}

/** Only same-site paths are followed after login (no open redirect). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

/** `/login`: shows the server's message for a wrong password or a locked account. */
export default function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string>();
  const reason = params.get('reason');
  const ended = reason === 'SESSION_IDLE' || reason === 'SESSION_EXPIRED' ? t(`web.login.reason${reason}`) : undefined;
  const [busy, setBusy] = useState(false);

  const submit = async ({ username, password }: Credentials) => {
    setBusy(true);
    setError(undefined);
    try {
      await login(username.trim(), password);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ls-login">
      <Card className="ls-login-card">
        <Typography.Title level={2} className="ls-login-brand">
          {t('web.app.brand')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="ls-login-sub">
          {t('web.login.subtitle')}
        </Typography.Paragraph>
        {ended && !error && <Alert type="warning" title={ended} showIcon style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
        <Form<Credentials> layout="vertical" onFinish={submit} requiredMark={false} size="large">
          <Form.Item name="username" label={t('web.login.username')} rules={[{ required: true, message: t('web.login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('web.login.password')} rules={[{ required: true, message: t('web.login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('web.login.submit')}
          </Button>
        </Form>
        <div className="ls-login-public">
          <Link to="/e">{t('web.login.publicLink')}</Link>
        </div>
      </Card>
    </div>
  );
}
