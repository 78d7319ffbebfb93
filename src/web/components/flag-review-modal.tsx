import { Alert, App, Form, Input, Modal, Radio } from 'antd';
import { useState, type ReactNode } from 'react';
import type { ApiError } from '../api/http.ts';
import { t } from '../i18n.ts';

export type FlagOutcome = { status: 'upheld' | 'dismissed'; outcome: string };

/**
 * A regulator records the outcome of a quality flag (inspection reports, maintenance records): 属实 / 不属实 and what
 * was done. `children` shows the flag itself (its tag, message and evidence); the texts are the calling module's.
 */
export function FlagReviewModal({
  flagId,
  title,
  labels,
  review,
  onClose,
  onDone,
  children,
}: {
  flagId?: number;
  title: string;
  labels: { status: string; statusRequired: string; outcome: string; outcomeRequired: string; upheld: string; dismissed: string };
  review: (id: number, body: FlagOutcome) => Promise<unknown>;
  onClose: () => void;
  onDone: () => void;
  children?: ReactNode;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FlagOutcome>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (v: FlagOutcome) => {
    if (flagId === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      await review(flagId, { status: v.status, outcome: v.outcome.trim() });
      message.success(t('web.common.saved'));
      onDone();
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={flagId !== undefined} title={title} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      {children}
      {error && <Alert type="error" showIcon title={error} style={{ margin: '12px 0' }} />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} style={{ marginTop: 12 }}>
        <Form.Item name="status" label={labels.status} rules={[{ required: true, message: labels.statusRequired }]}>
          <Radio.Group
            options={[
              { value: 'upheld', label: labels.upheld },
              { value: 'dismissed', label: labels.dismissed },
            ]}
          />
        </Form.Item>
        <Form.Item name="outcome" label={labels.outcome} rules={[{ required: true, whitespace: true, message: labels.outcomeRequired }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
