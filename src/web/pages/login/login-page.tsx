import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { confirmTotpEnrolment, login, startTotpEnrolment, verifySecondFactor } from '../../api/auth.api.ts';
import type { ApiError } from '../../api/http.ts';
import type { TotpEnrolment } from '../../api/types.ts';
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

/** Where the login stands: the password, then (administrative accounts) the code or the enrolment. */
type Stage =
  | { kind: 'password' }
  | { kind: 'verify'; challenge: string }
  | { kind: 'enrol'; challenge: string; enrolment?: TotpEnrolment }
  | { kind: 'recovery'; codes: string[] };

/** `/login`: password, then the second factor when the account needs one; shows the server's messages. */
export default function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [stage, setStage] = useState<Stage>({ kind: 'password' });
  const reason = params.get('reason');
  const ended = reason === 'SESSION_IDLE' || reason === 'SESSION_EXPIRED' ? t(`web.login.reason${reason}`) : undefined;
  const done = () => navigate(safeNext(params.get('next')), { replace: true });

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      const err = e as ApiError;
      setError(err.message);
      // A spent or expired challenge (or a lock) cannot be retried: start again from the password.
      if (err.code === 'SECOND_FACTOR_CHALLENGE_INVALID' || err.code === 'ACCOUNT_LOCKED') setStage({ kind: 'password' });
    } finally {
      setBusy(false);
    }
  };

  const submitPassword = ({ username, password }: Credentials) =>
    run(async () => {
      const result = await login(username.trim(), password);
      if ('token' in result) return done();
      const { step, challenge } = result.secondFactor;
      setStage(step === 'verify' ? { kind: 'verify', challenge } : { kind: 'enrol', challenge });
    });

  const enrolChallenge = stage.kind === 'enrol' && !stage.enrolment ? stage.challenge : undefined;
  useEffect(() => {
    if (!enrolChallenge) return;
    void run(async () => {
      const enrolment = await startTotpEnrolment(enrolChallenge);
      setStage({ kind: 'enrol', challenge: enrolChallenge, enrolment });
    });
    // Runs once per enrolment challenge (run only sets state).
  }, [enrolChallenge]);

  const codeForm = (onCode: (code: string) => Promise<void>, submitLabel: string) => (
    <Form<{ code: string }> layout="vertical" onFinish={({ code }) => onCode(code.trim())} requiredMark={false} size="large">
      <Form.Item name="code" label={t('web.login.code')} rules={[{ required: true, message: t('web.login.codeRequired') }]}>
        <Input prefix={<SafetyOutlined />} autoComplete="one-time-code" inputMode="numeric" maxLength={11} autoFocus />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy}>
        {submitLabel}
      </Button>
      <Button type="link" block onClick={() => setStage({ kind: 'password' })}>
        {t('web.login.back')}
      </Button>
    </Form>
  );

  return (
    <div className="ls-login">
      <Card className="ls-login-card">
        <Typography.Title level={2} className="ls-login-brand">
          {t('web.app.brand')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="ls-login-sub">
          {t('web.login.subtitle')}
        </Typography.Paragraph>
        {ended && !error && stage.kind === 'password' && <Alert type="warning" title={ended} showIcon style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
        {stage.kind === 'password' && (
          <Form<Credentials> layout="vertical" onFinish={submitPassword} requiredMark={false} size="large">
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
        )}
        {stage.kind === 'verify' && (
          <div data-stage="verify">
            <Typography.Title level={4}>{t('web.login.codeTitle')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('web.login.codeHint')}</Typography.Paragraph>
            {codeForm((code) => run(async () => void (await verifySecondFactor(stage.challenge, code), done())), t('web.login.verify'))}
          </div>
        )}
        {stage.kind === 'enrol' && (
          <div data-stage="enrol">
            <Typography.Title level={4}>{t('web.login.enrolTitle')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('web.login.enrolHint')}</Typography.Paragraph>
            {stage.enrolment && (
              <>
                <div style={{ textAlign: 'center' }}>
                  <img src={stage.enrolment.qrDataUrl} alt={t('web.login.enrolUri')} width={220} height={220} />
                </div>
                <Typography.Paragraph>
                  {t('web.login.enrolSecret')}：
                  <Typography.Text code copyable data-testid="totp-secret">
                    {stage.enrolment.secret}
                  </Typography.Text>
                </Typography.Paragraph>
                <Typography.Paragraph type="secondary" style={{ wordBreak: 'break-all', fontSize: 12 }}>
                  {t('web.login.enrolUri')}：{stage.enrolment.otpauthUri}
                </Typography.Paragraph>
                {codeForm(
                  (code) =>
                    run(async () => {
                      const result = await confirmTotpEnrolment(stage.challenge, code);
                      setStage({ kind: 'recovery', codes: result.recoveryCodes });
                    }),
                  t('web.login.enrolConfirm'),
                )}
              </>
            )}
          </div>
        )}
        {stage.kind === 'recovery' && (
          <div data-stage="recovery">
            <Typography.Title level={4}>{t('web.login.recoveryTitle')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('web.login.recoveryHint')}</Typography.Paragraph>
            <pre className="ls-login-codes" data-testid="recovery-codes">
              {stage.codes.join('\n')}
            </pre>
            <Button type="primary" block onClick={done}>
              {t('web.login.recoveryDone')}
            </Button>
          </div>
        )}
        <div className="ls-login-public">
          <Link to="/e">{t('web.login.publicLink')}</Link>
        </div>
      </Card>
    </div>
  );
}
