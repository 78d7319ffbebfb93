import { Alert, DatePicker, Form, Input, InputNumber, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { projectAction } from '../../api/renovation.api.ts';
import type { ActionBody, Project, ProjectAction } from '../../api/renovation.types.ts';
import { t } from '../../i18n.ts';
import { NoteField, useSubmit } from './plan-modals.tsx';

interface Values {
  note?: string;
  reason?: string;
  amount?: number;
  paidOn?: Dayjs;
  voucherNo?: string;
  startedOn?: Dayjs;
  installerName?: string;
  installerCreditCode?: string;
  acceptedOn?: Dayjs;
  changes?: { registrationCode: string; model?: string; factoryNo?: string; manufactureDate?: Dayjs; manufacturerName?: string }[];
}

const day = (d?: Dayjs) => d!.format('YYYY-MM-DD');
const blank = (s?: string) => (s && s.trim() ? s.trim() : undefined);

function bodyOf(action: ProjectAction, v: Values): ActionBody {
  switch (action) {
    case 'approve_subsidy':
      return { action, amount: v.amount!, note: blank(v.note) };
    case 'reject_subsidy':
    case 'cancel':
      return { action, reason: v.reason?.trim() ?? '' };
    case 'disburse':
      return { action, amount: v.amount!, paidOn: day(v.paidOn), voucherNo: v.voucherNo?.trim() ?? '' };
    case 'start':
      return { action, startedOn: day(v.startedOn), installerName: v.installerName?.trim() ?? '', installerCreditCode: blank(v.installerCreditCode) };
    case 'accept':
      return {
        action,
        acceptedOn: day(v.acceptedOn),
        note: blank(v.note),
        changes: (v.changes ?? []).map((c) => ({ registrationCode: c.registrationCode, model: blank(c.model), factoryNo: blank(c.factoryNo), manufacturerName: blank(c.manufacturerName), manufactureDate: c.manufactureDate ? day(c.manufactureDate) : undefined })),
      };
    default:
      return { action, note: blank(v.note) };
  }
}

/** One step of a project: the form it needs (amounts, dates, the installer, the new unit's data for 更新), or a note. */
export function ActionModal({ project, action, onClose, onDone }: { project: Project; action: ProjectAction | null; onClose: () => void; onDone: (p: Project) => void }) {
  const [form] = Form.useForm<Values>();
  const { busy, error, run } = useSubmit(form);
  const label = action ? t(`web.renovation.action.${action}`) : '';
  const req = (key: 'amount' | 'reason' | 'paidOn' | 'voucherNo' | 'startedOn' | 'installerName' | 'acceptedOn') => [{ required: true, message: t('web.elevator.required', { label: t(`web.renovation.field.${key}`) }) }];
  const submit = (v: Values) => run(async () => onDone(await projectAction(project.id, bodyOf(action!, v))));
  const initial: Values = action === 'accept' && project.kind === 'replace' ? { changes: project.elevators.map((e) => ({ registrationCode: e.registrationCode })) } : {};
  return (
    <Modal open={action !== null} title={label} onCancel={onClose} onOk={() => form.submit()} okText={label} confirmLoading={busy} destroyOnHidden width={action === 'accept' ? 720 : 520}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={initial}>
        {(action === 'approve_subsidy' || action === 'disburse') && (
          <Form.Item name="amount" label={t('web.renovation.field.amount')} rules={req('amount')}>
            <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        )}
        {action === 'disburse' && (
          <>
            <Form.Item name="paidOn" label={t('web.renovation.field.paidOn')} rules={req('paidOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="voucherNo" label={t('web.renovation.field.voucherNo')} rules={req('voucherNo')}>
              <Input maxLength={60} />
            </Form.Item>
          </>
        )}
        {(action === 'reject_subsidy' || action === 'cancel') && (
          <Form.Item name="reason" label={t('web.renovation.field.reason')} rules={req('reason')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        )}
        {action === 'start' && (
          <>
            <Form.Item name="startedOn" label={t('web.renovation.field.startedOn')} rules={req('startedOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="installerName" label={t('web.renovation.field.installerName')} rules={req('installerName')}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="installerCreditCode" label={t('web.renovation.field.installerCreditCode')}>
              <Input maxLength={18} />
            </Form.Item>
          </>
        )}
        {action === 'accept' && (
          <>
            <Form.Item name="acceptedOn" label={t('web.renovation.field.acceptedOn')} rules={req('acceptedOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            {project.kind === 'replace' && (
              <Form.List name="changes">
                {(fields) =>
                  fields.map((f) => (
                    <fieldset key={f.key} style={{ border: '1px solid #f0f0f0', padding: 8, marginBottom: 8 }}>
                      <legend style={{ fontSize: 13 }}>{project.elevators[f.name]?.registrationCode}</legend>
                      <Form.Item name={[f.name, 'registrationCode']} hidden>
                        <Input />
                      </Form.Item>
                      <Form.Item name={[f.name, 'model']} label={t('web.renovation.field.model')}>
                        <Input maxLength={60} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'factoryNo']} label={t('web.renovation.field.factoryNo')}>
                        <Input maxLength={60} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'manufactureDate']} label={t('web.renovation.field.manufactureDate')}>
                        <DatePicker style={{ width: '100%' }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'manufacturerName']} label={t('web.renovation.field.manufacturerName')}>
                        <Input maxLength={100} />
                      </Form.Item>
                    </fieldset>
                  ))
                }
              </Form.List>
            )}
          </>
        )}
        {action !== 'reject_subsidy' && action !== 'cancel' && action !== 'disburse' && action !== 'start' && <NoteField />}
      </Form>
    </Modal>
  );
}
