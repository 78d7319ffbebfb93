import { PhoneOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Empty, Form, Input, InputNumber, Modal, Radio, Row, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { createIncident, lookupElevators } from '../../api/emergency.api.ts';
import type { IncidentCreate, IncidentDetail, IncidentType, LookupItem } from '../../api/emergency.types.ts';
import type { ApiError } from '../../api/http.ts';
import { applyServerErrors } from '../../components/form-errors.ts';
import { StatusTag } from '../../components/status-tag.tsx';
import { enumLabel, t } from '../../i18n.ts';
import { debounce } from './emergency-stream.tsx';

interface Values {
  type: IncidentType;
  source: 'phone' | 'app' | 'qr';
  trapped?: number | null;
  injured?: number | null;
  callerPhone?: string;
  description?: string;
}

/** What the lookup should search for: a code as typed, or an address fragment of at least two characters. */
export function lookupQuery(text: string): string | undefined {
  const q = text.trim();
  if (/^\d+$/.test(q)) return q.length === 20 || (q.length >= 5 && q.length <= 7) ? q : undefined;
  return q.length >= 2 ? q : undefined;
}

/** The request body from the form (blank optional fields left out; counts only where they mean something). */
export function callInput(code: string, v: Values): IncidentCreate {
  const out: IncidentCreate = { code, source: v.source, type: v.type };
  if (v.type === 'trapped' && typeof v.trapped === 'number') out.trapped = v.trapped;
  if ((v.type === 'trapped' || v.type === 'fault') && typeof v.injured === 'number') out.injured = v.injured;
  if (v.callerPhone?.trim()) out.callerPhone = v.callerPhone.trim();
  if (v.description?.trim()) out.description = v.description.trim();
  return out;
}

function Who({ label, org }: { label: string; org: LookupItem['useUnit'] }) {
  return (
    <div className="ls-lookup-who">
      <Typography.Text type="secondary">{label}</Typography.Text>
      {org ? (
        <span>
          {org.name}{' '}
          {org.phone ? (
            <a href={`tel:${org.phone}`} onClick={(e) => e.stopPropagation()}>
              <PhoneOutlined /> {org.phone}
            </a>
          ) : (
            <Typography.Text type="secondary">{t('web.emergency.call.noPhone')}</Typography.Text>
          )}
        </span>
      ) : (
        <Typography.Text type="secondary">{t('web.common.none')}</Typography.Text>
      )}
    </div>
  );
}

function LookupCard({ item, selected, onPick, onOpenIncident }: { item: LookupItem; selected: boolean; onPick: () => void; onOpenIncident: (id: number) => void }) {
  return (
    <div
      className={`ls-lookup-item${selected ? ' is-selected' : ''}`}
      data-testid="lookup-result"
      data-code={item.registrationCode}
      role="button"
      tabIndex={0}
      onClick={onPick}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onPick()}
    >
      <div className="ls-lookup-head">
        <Typography.Text strong>{item.placeName ? `${item.placeName} · ${item.address}` : item.address}</Typography.Text>
        {selected ? <Tag color="blue">{t('web.emergency.call.picked')}</Tag> : <Button size="small">{t('web.emergency.call.pick')}</Button>}
      </div>
      <Space wrap size={[12, 0]} className="ls-lookup-codes">
        <span>{`${t('web.emergency.call.registrationCode')} ${item.registrationCode}`}</span>
        <span>{`${t('web.emergency.call.rescueCode')} ${item.rescueCode ?? t('web.common.none')}`}</span>
        <span>{item.regionName}</span>
        <StatusTag status={item.status} />
        {item.incidents30d > 0 && <Tag color="orange">{t('web.emergency.call.incidents30d', { n: item.incidents30d })}</Tag>}
      </Space>
      <Who label={t('web.emergency.call.useUnit')} org={item.useUnit} />
      <Who label={t('web.emergency.call.maintenance')} org={item.maintenance} />
      {item.openIncidentId !== null && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          title={t('web.emergency.call.openIncident', { id: item.openIncidentId })}
          action={
            <Button
              size="small"
              onClick={(e) => {
                e.stopPropagation();
                onOpenIncident(item.openIncidentId!);
              }}
            >
              {t('web.emergency.call.openIncidentView')}
            </Button>
          }
        />
      )}
    </div>
  );
}

interface Props {
  open: boolean;
  onClose: () => void;
  /** The incident taken (or joined). */
  onCreated: (detail: IncidentDetail) => void;
  onOpenIncident: (id: number) => void;
}

/**
 * 接警: find the elevator by rescue code, 注册代码 or address — who to phone shows at once, and an open incident on
 * it — then type, people, caller and description; submitting opens the incident.
 */
export function CallFormModal({ open, onClose, onCreated, onOpenIncident }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [text, setText] = useState('');
  const [results, setResults] = useState<LookupItem[]>();
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState<string>();
  const [selected, setSelected] = useState<LookupItem>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const type = Form.useWatch('type', form);
  const abort = useRef<AbortController>(undefined);

  const search = async (raw: string) => {
    const q = lookupQuery(raw);
    abort.current?.abort();
    if (!q) return;
    const controller = new AbortController();
    abort.current = controller;
    setSearching(true);
    setSearchError(undefined);
    try {
      const r = await lookupElevators(q, controller.signal);
      if (controller.signal.aborted) return;
      setResults(r.items);
      setSelected(r.items.length === 1 ? r.items[0] : undefined);
    } catch (e) {
      if (!controller.signal.aborted) setSearchError((e as ApiError).message);
    } finally {
      if (abort.current === controller) setSearching(false);
    }
  };
  const searchRef = useRef(search);
  searchRef.current = search;
  const textRef = useRef('');
  const [typed] = useState(() => ({ current: debounce(() => void searchRef.current(textRef.current), 400) }));

  useEffect(() => {
    if (!open) return;
    setText('');
    textRef.current = '';
    setResults(undefined);
    setSelected(undefined);
    setError(undefined);
    setSearchError(undefined);
    form.resetFields();
    form.setFieldsValue({ type: 'trapped', source: 'phone', trapped: 1 });
  }, [open, form]);
  useEffect(() => {
    const d = typed.current;
    return () => {
      d.cancel();
      abort.current?.abort();
    };
  }, []);

  const submit = async (v: Values) => {
    if (!selected) {
      setError(t('web.emergency.call.pickFirst'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const detail = await createIncident(callInput(selected.registrationCode, v));
      message.success(detail.merged ? t('web.emergency.call.merged', { id: detail.id }) : t('web.emergency.call.created', { id: detail.id }));
      onCreated(detail);
      onClose();
    } catch (e) {
      const err = e as ApiError;
      const rest = applyServerErrors(form, err);
      if (rest.length || !err.fields.length) setError([err.message, ...rest.map((r) => r.message)].join('；'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      width={820}
      title={t('web.emergency.call.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('web.emergency.call.submit')}
      okButtonProps={{ loading: busy, disabled: !selected }}
      forceRender
    >
      <div data-testid="call-form">
        <Typography.Text strong>{t('web.emergency.call.searchLabel')}</Typography.Text>
        <Input.Search
          autoFocus
          allowClear
          size="large"
          style={{ marginTop: 4 }}
          placeholder={t('web.emergency.call.searchPlaceholder')}
          aria-label={t('web.emergency.call.searchPlaceholder')}
          value={text}
          loading={searching}
          enterButton
          onChange={(e) => {
            setText(e.target.value);
            textRef.current = e.target.value;
            if (lookupQuery(e.target.value)) typed.current.call();
          }}
          onSearch={(v) => {
            typed.current.cancel();
            void search(v);
          }}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('web.emergency.call.searchHint')}
        </Typography.Text>
        {searchError && <Alert type="error" showIcon title={searchError} style={{ marginTop: 8 }} />}
        <div className="ls-lookup-results">
          {searching && !results && <Spin />}
          {results && results.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.emergency.call.noResult')} />}
          {results?.map((item) => (
            <LookupCard
              key={item.registrationCode}
              item={item}
              selected={selected?.registrationCode === item.registrationCode}
              onPick={() => setSelected(item)}
              onOpenIncident={(id) => {
                onClose();
                onOpenIncident(id);
              }}
            />
          ))}
        </div>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form<Values> form={form} layout="vertical" onFinish={submit}>
          <Row gutter={16}>
            <Col xs={24} md={14}>
              <Form.Item name="type" label={t('web.emergency.call.type')}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={(['trapped', 'fault', 'inquiry', 'complaint'] as const).map((v) => ({ value: v, label: enumLabel('incidentType', v) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item name="source" label={t('web.emergency.call.source')}>
                <Radio.Group options={(['phone', 'app', 'qr'] as const).map((v) => ({ value: v, label: enumLabel('incidentSource', v) }))} />
              </Form.Item>
            </Col>
            {type === 'trapped' && (
              <Col xs={12} md={6}>
                <Form.Item name="trapped" label={t('web.emergency.call.trapped')}>
                  <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            )}
            {(type === 'trapped' || type === 'fault') && (
              <Col xs={12} md={6}>
                <Form.Item name="injured" label={t('web.emergency.call.injured')}>
                  <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={12}>
              <Form.Item name="callerPhone" label={t('web.emergency.call.callerPhone')}>
                <Input maxLength={20} inputMode="tel" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="description" label={t('web.emergency.call.description')}>
                <Input.TextArea rows={2} maxLength={2000} placeholder={t('web.emergency.call.descriptionPlaceholder')} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </div>
    </Modal>
  );
}
