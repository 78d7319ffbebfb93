import { CameraOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Modal, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { actOnHazard, uploadHazardFile } from '../../api/hazards.api.ts';
import type { Hazard, HazardAction } from '../../api/hazards.types.ts';
import type { ApiError, FieldError } from '../../api/http.ts';
import { dayjs } from '../../components/format.ts';
import { applyServerErrors } from '../../components/form-errors.ts';
import { t } from '../../i18n.ts';
import { sha256Hex } from '../maintenance/maintenance-logic.ts';

interface Values {
  note: string;
  plan?: { text: string; dueOn: dayjs.Dayjs; cost?: number | null };
}

/**
 * One step on a hazard: a note always; 整改完成 may carry a photo's SHA-256 (hashed on the device); 提交整改方案 the plan,
 * its due date and cost. The server decides who may; its Chinese message (403, 409 with the status) is shown as is.
 */
export function HazardActionModal({ hazard, action, onClose, onDone }: { hazard?: Hazard; action?: HazardAction; onClose: () => void; onDone: (h: Hazard) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [unmatched, setUnmatched] = useState<FieldError[]>([]);
  const [file, setFile] = useState<{ name: string; sha256?: string; blob: File }>();
  const input = useRef<HTMLInputElement>(null);
  const open = hazard !== undefined && action !== undefined;
  const actionLabel = action ? t(`web.hazards.action.${action}`) : '';

  const reset = () => {
    setError(undefined);
    setUnmatched([]);
    setFile(undefined);
  };
  const pick = async (f: File | undefined) => {
    if (!f) return;
    setFile({ name: f.name, blob: f });
    const sha256 = await sha256Hex(f);
    setFile({ name: f.name, sha256, blob: f });
  };
  const submit = async (v: Values) => {
    if (!hazard || !action) return;
    setBusy(true);
    setError(undefined);
    setUnmatched([]);
    try {
      const plan = action === 'propose_plan' && v.plan ? { text: v.plan.text.trim(), dueOn: v.plan.dueOn.format('YYYY-MM-DD'), cost: v.plan.cost ?? undefined } : undefined;
      // The file goes up first (under its hash), so the step never names evidence the platform does not hold.
      if (file?.sha256) await uploadHazardFile(file.sha256, file.blob);
      const saved = await actOnHazard(hazard.id, { action, note: v.note.trim(), fileSha256: file?.sha256, plan });
      message.success(t('web.hazards.act.done', { action: actionLabel }));
      reset();
      onDone(saved);
    } catch (e) {
      const err = e as ApiError;
      setError(err.message);
      setUnmatched(applyServerErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={hazard && action ? t('web.hazards.act.title', { action: actionLabel, item: hazard.item }) : undefined}
      onCancel={() => {
        reset();
        onClose();
      }}
      onOk={() => form.submit()}
      okText={actionLabel}
      confirmLoading={busy || (file !== undefined && !file.sha256)}
      destroyOnHidden
      data-testid="hazard-action-modal"
    >
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          description={unmatched.length ? unmatched.map((f) => <div key={f.field}>{f.message}</div>) : undefined}
          style={{ marginBottom: 12 }}
          data-testid="hazard-action-error"
        />
      )}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        {action === 'propose_plan' && (
          <>
            <Form.Item name={['plan', 'text']} label={t('web.hazards.act.planText')} rules={[{ required: true, whitespace: true, message: t('web.hazards.act.planTextRequired') }]}>
              <Input.TextArea rows={4} maxLength={2000} />
            </Form.Item>
            <Space wrap size={16}>
              <Form.Item name={['plan', 'dueOn']} label={t('web.hazards.act.planDue')} rules={[{ required: true, message: t('web.hazards.act.planDueRequired') }]}>
                <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
              </Form.Item>
              <Form.Item name={['plan', 'cost']} label={t('web.hazards.act.planCost')}>
                <InputNumber min={0} max={1e8} step={1000} style={{ width: 180 }} />
              </Form.Item>
            </Space>
          </>
        )}
        <Form.Item name="note" label={t('web.hazards.act.note')} rules={[{ required: true, whitespace: true, message: t('web.hazards.act.noteRequired') }]}>
          <Input.TextArea rows={3} maxLength={1000} placeholder={t('web.hazards.act.notePlaceholder')} />
        </Form.Item>
        {action === 'fix' && (
          <Form.Item label={t('web.hazards.act.file')} extra={t('web.hazards.act.fileHint')}>
            <input ref={input} type="file" accept="image/*,application/pdf" hidden data-testid="hazard-evidence-file" onChange={(e) => void pick(e.target.files?.[0])} />
            <Button icon={<CameraOutlined />} onClick={() => input.current?.click()} block>
              {t('web.hazards.act.pick')}
            </Button>
            {file && (
              <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4, fontSize: 12 }} data-testid="hazard-evidence-hash">
                {file.name}：{file.sha256 ? <Typography.Text code>{file.sha256.slice(0, 16)}…</Typography.Text> : t('web.hazards.act.hashing')}
              </Typography.Text>
            )}
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
