import { CameraOutlined, DeleteOutlined, PlusOutlined, ScanOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Divider, Input, InputNumber, Popconfirm, Progress, Radio, Result, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { getElevator } from '../../api/elevators.api.ts';
import type { ApiError } from '../../api/http.ts';
import { getCatalog, submitRecord, uploadPhoto } from '../../api/maintenance.api.ts';
import type { CatalogItem, Cycle, ItemResult, MaintenanceRecord, Place } from '../../api/maintenance.types.ts';
import { CYCLES, ITEM_RESULTS } from '../../api/maintenance.types.ts';
import type { Elevator } from '../../api/types.ts';
import { useSession } from '../../auth/auth-context.tsx';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { enumLabel, t } from '../../i18n.ts';
import { currentPosition } from './geolocation.ts';
import { MaintenanceFlagList, NextDueList } from './maintenance-bits.tsx';
import {
  annexOf,
  groupByCycle,
  isKeyItem,
  isoShanghai,
  limitText,
  loadDraft,
  newDraft,
  outOfLimits,
  pendingItems,
  recordFromDraft,
  saveDraft,
  sha256Hex,
  type VisitDraft,
} from './maintenance-logic.ts';
import './maintenance.css';

type Which = 'start' | 'end';

/**
 * `/maintenance/visit` 维保作业: the worker's phone form. Find the elevator by its registration code, choose the
 * cycle, 开始作业 (time + GPS), answer every catalogue item with big buttons (numbers for numeric items, photos for key
 * items), workers and parts, 结束作业 (time + GPS), submit; the platform's flags and the next due dates come back.
 * The visit in progress lives in localStorage, so a reload (or a dead battery) does not lose it.
 */
export default function VisitPage() {
  const { me } = useSession();
  const { message } = App.useApp();
  const [draft, setDraftState] = useState<VisitDraft | null>(() => loadDraft());
  const [code, setCode] = useState(draft?.registrationCode ?? '');
  const [elevator, setElevator] = useState<Elevator>();
  const [items, setItems] = useState<CatalogItem[]>();
  const [lookupError, setLookupError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [locating, setLocating] = useState<Which>();
  const [manual, setManual] = useState<{ which: Which; reason: string; lat?: number | null; lon?: number | null }>();
  const [submitError, setSubmitError] = useState<ApiError>();
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<MaintenanceRecord>();
  const [showMissing, setShowMissing] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);

  const setDraft = (next: VisitDraft | null | ((d: VisitDraft) => VisitDraft)) => {
    setDraftState((prev) => {
      const value = typeof next === 'function' ? (prev ? next(prev) : prev) : next;
      saveDraft(value);
      return value;
    });
  };
  const me0 = { name: me.displayName, certificateNo: '' };
  const cycle: Cycle = draft?.cycle ?? 'half_month';
  const annex = annexOf(elevator?.category);

  // Reload: the elevator of the draft is looked up again.
  useEffect(() => {
    if (draft?.registrationCode && /^\d{20}$/.test(draft.registrationCode)) void find(draft.registrationCode);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (!annex) {
      setItems(undefined);
      return;
    }
    let live = true;
    getCatalog(annex, cycle).then(
      (r) => live && setItems(r.items),
      (e: ApiError) => live && setLookupError(e.message),
    );
    return () => {
      live = false;
    };
  }, [annex, cycle]);

  async function find(value: string) {
    const c = value.replace(/\s+/g, '');
    setLookupError(undefined);
    if (!/^\d{20}$/.test(c)) {
      setLookupError(t('web.maintenance.visit.codeInvalid'));
      return;
    }
    setLoading(true);
    try {
      const e = await getElevator(c);
      setElevator(e);
      setCode(c);
      setDraftState((d) => {
        if (d && d.registrationCode === c) return d;
        if (d && d.stage !== 'pick') return d;
        const next = newDraft(c, d?.cycle ?? 'half_month', me0);
        saveDraft(next);
        return next;
      });
    } catch (e) {
      setElevator(undefined);
      setLookupError((e as ApiError).message);
    } finally {
      setLoading(false);
    }
  }

  const locate = async (which: Which) => {
    setLocating(which);
    const at = isoShanghai(new Date());
    try {
      const place = await currentPosition();
      stamp(which, at, place, 'gps');
    } catch (e) {
      setManual({ which, reason: (e as Error).message === 'unsupported' ? t('web.maintenance.visit.gpsUnsupported') : (e as Error).message });
      setDraft((d) => (which === 'start' ? { ...d, startedAt: at } : { ...d, endedAt: at }));
    } finally {
      setLocating(undefined);
    }
  };
  const stamp = (which: Which, at: string | undefined, place: Place, source: 'gps' | 'manual') =>
    setDraft((d) =>
      which === 'start'
        ? { ...d, stage: 'working', startedAt: at ?? d.startedAt ?? isoShanghai(new Date()), startLocation: place, startSource: source }
        : { ...d, stage: 'finished', endedAt: at ?? d.endedAt ?? isoShanghai(new Date()), endLocation: place, endSource: source },
    );

  const setResultOf = (itemCode: string, r: ItemResult) => setDraft((d) => ({ ...d, results: { ...d.results, [itemCode]: { ...d.results[itemCode], result: r } } }));
  const setValueOf = (itemCode: string, v: number | null) => setDraft((d) => ({ ...d, results: { ...d.results, [itemCode]: { result: d.results[itemCode]?.result ?? 'ok', value: v } } }));
  const restOk = () =>
    setDraft((d) => {
      const results = { ...d.results };
      for (const i of items ?? []) if (!results[i.code]?.result) results[i.code] = { ...results[i.code], result: 'ok' };
      return { ...d, results };
    });

  const addPhoto = async (itemCode: string, file: File) => {
    try {
      const sha256 = await sha256Hex(file);
      const takenAt = isoShanghai(new Date(file.lastModified || Date.now()));
      setDraft((d) => (d.photos.some((p) => p.sha256 === sha256 && p.itemCode === itemCode) ? d : { ...d, photos: [...d.photos, { sha256, takenAt, itemCode, uploaded: false, name: file.name }] }));
      await uploadPhoto(sha256, file);
      setDraft((d) => ({ ...d, photos: d.photos.map((p) => (p.sha256 === sha256 ? { ...p, uploaded: true } : p)) }));
    } catch (e) {
      message.error(t('web.maintenance.visit.photoFailed', { message: (e as Error).message }));
    }
  };

  const submit = async () => {
    if (!draft || !items) return;
    setSubmitError(undefined);
    const missing = pendingItems(items, draft);
    if (missing.length && !showMissing) {
      setShowMissing(true);
      return;
    }
    const input = recordFromDraft(draft, items);
    if (!input.workers.length) {
      message.error(t('web.maintenance.visit.needWorker'));
      return;
    }
    setSubmitting(true);
    try {
      const r = await submitRecord(input);
      setResult(r);
      // Filed: the draft leaves this phone (the state keeps it only for this screen).
      saveDraft(null);
      setDraftState({ ...draft, stage: 'submitted' });
    } catch (e) {
      setSubmitError(e as ApiError);
    } finally {
      setSubmitting(false);
    }
  };

  const reset = () => {
    saveDraft(null);
    setDraftState(null);
    setResult(undefined);
    setElevator(undefined);
    setItems(undefined);
    setCode('');
    setShowMissing(false);
    setSubmitError(undefined);
  };

  const groups = useMemo(() => groupByCycle(items ?? []), [items]);
  const done = items && draft ? items.length - pendingItems(items, draft).length : 0;
  const stage = draft?.stage ?? 'pick';

  if (result) return <VisitResult record={result} onNew={reset} />;

  return (
    <div className="ls-visit" data-testid="visit-page">
      <Card>
        <PageHeader title={t('web.maintenance.visit.title')} />
        {stage === 'pick' && <Typography.Paragraph type="secondary">{t('web.maintenance.visit.intro')}</Typography.Paragraph>}

        {stage === 'pick' ? (
          <Space.Compact style={{ width: '100%' }}>
            <Input
              ref={(el) => {
                codeInput.current = el?.input ?? null;
              }}
              size="large"
              inputMode="numeric"
              maxLength={24}
              allowClear
              aria-label={t('web.maintenance.field.registrationCode')}
              placeholder={t('web.maintenance.visit.codePlaceholder')}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              onPressEnter={() => void find(code)}
            />
            <Button size="large" icon={<ScanOutlined />} title={t('web.maintenance.visit.scanHint')} onClick={() => codeInput.current?.focus()}>
              {t('web.maintenance.visit.scan')}
            </Button>
            <Button size="large" type="primary" loading={loading} onClick={() => void find(code)}>
              {t('web.maintenance.visit.find')}
            </Button>
          </Space.Compact>
        ) : null}
        {lookupError && <Alert type="error" showIcon title={lookupError} style={{ marginTop: 12 }} />}

        {elevator && (
          <Descriptions size="small" column={1} style={{ marginTop: 12 }} data-testid="visit-elevator">
            <Descriptions.Item label={t('web.maintenance.field.registrationCode')}>{elevator.registrationCode}</Descriptions.Item>
            <Descriptions.Item label={t('web.maintenance.field.address')}>{elevator.address}</Descriptions.Item>
            <Descriptions.Item label={t('web.elevator.field.category')}>
              <Space size={4} wrap>
                {elevator.categoryName}
                {annex ? <Tag>{t('web.maintenance.visit.annex', { annex })}</Tag> : <Tag color="red">{t('web.maintenance.visit.noAnnex')}</Tag>}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('web.maintenance.field.company')}>{elevator.maintenanceOrg?.name ?? t('web.common.none')}</Descriptions.Item>
          </Descriptions>
        )}
        {elevator && me.orgType === 'maintenance' && elevator.maintenanceOrg && elevator.maintenanceOrg.id !== me.orgId && <Alert type="warning" showIcon title={t('web.maintenance.visit.notOwn')} />}

        {elevator && annex && draft && (
          <div style={{ marginTop: 12 }}>
            <Typography.Text strong>{t('web.maintenance.field.cycle')}</Typography.Text>
            <Radio.Group
              style={{ display: 'flex', marginTop: 6 }}
              optionType="button"
              buttonStyle="solid"
              size="large"
              disabled={stage !== 'pick'}
              value={cycle}
              onChange={(e) => setDraft((d) => ({ ...d, cycle: e.target.value as Cycle, results: {} }))}
              options={CYCLES.map((c) => ({ value: c, label: enumLabel('maintenanceCycle', c), style: { flex: 1, textAlign: 'center' } }))}
            />
            {items && <Typography.Text type="secondary">{t('web.maintenance.visit.itemsCount', { n: items.length })}</Typography.Text>}
          </div>
        )}

        {draft?.startedAt && (
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }} data-testid="visit-started">
            {t('web.maintenance.visit.started', { time: formatDateTime(draft.startedAt) })}
            {draft.startLocation && <PlaceText place={draft.startLocation} source={draft.startSource} />}
          </Typography.Paragraph>
        )}
        {draft?.endedAt && stage === 'finished' && (
          <Typography.Paragraph style={{ marginBottom: 0 }} data-testid="visit-ended">
            {t('web.maintenance.visit.ended', { time: formatDateTime(draft.endedAt) })}
            {draft.endLocation && <PlaceText place={draft.endLocation} source={draft.endSource} />}
          </Typography.Paragraph>
        )}

        {manual && (
          <ManualPlace
            reason={manual.reason}
            onUse={(place) => {
              stamp(manual.which, undefined, place, 'manual');
              setManual(undefined);
            }}
          />
        )}

        {stage === 'pick' && elevator && annex && items && !manual && (
          <div className="ls-visit-bar" style={{ marginTop: 16 }}>
            <Button type="primary" block size="large" loading={locating === 'start'} onClick={() => void locate('start')}>
              {locating === 'start' ? t('web.maintenance.visit.starting') : t('web.maintenance.visit.start')}
            </Button>
          </div>
        )}
        {stage !== 'pick' && (
          <div style={{ marginTop: 8 }}>
            <Popconfirm title={t('web.maintenance.visit.discardConfirm')} onConfirm={reset}>
              <Button size="small" danger type="link" style={{ padding: 0 }}>
                {t('web.maintenance.visit.discard')}
              </Button>
            </Popconfirm>
          </div>
        )}
      </Card>

      {(stage === 'working' || stage === 'finished') && draft && !items && <Spin style={{ display: 'block', margin: 24 }} />}
      {(stage === 'working' || stage === 'finished') && draft && items && (
        <>
          <Card size="small" style={{ marginTop: 12 }}>
            <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
              <span data-testid="visit-progress">{t('web.maintenance.visit.progress', { done, total: items.length })}</span>
              <Button onClick={restOk} disabled={stage !== 'working' || done === items.length}>
                {t('web.maintenance.visit.restOk')}
              </Button>
            </Space>
            <Progress percent={items.length ? Math.round((done / items.length) * 100) : 0} size="small" showInfo={false} />
          </Card>
          {groups.map((g) => (
            <section key={g.cycle}>
              <div className="ls-visit-group-title">{t('web.maintenance.visit.group', { cycle: enumLabel('maintenanceCycle', g.cycle) })}</div>
              {g.items.map((item) => (
                <ItemRow
                  key={item.code}
                  item={item}
                  disabled={stage !== 'working'}
                  missing={showMissing && !draft.results[item.code]?.result}
                  result={draft.results[item.code]?.result}
                  value={draft.results[item.code]?.value}
                  photos={draft.photos.filter((p) => p.itemCode === item.code)}
                  onResult={(r) => setResultOf(item.code, r)}
                  onValue={(v) => setValueOf(item.code, v)}
                  onPhoto={(f) => void addPhoto(item.code, f)}
                />
              ))}
            </section>
          ))}

          <Card size="small" title={t('web.maintenance.visit.workers')} style={{ marginTop: 12 }} data-testid="visit-workers">
            {draft.workers.map((w, i) => (
              <Space.Compact key={i} style={{ width: '100%', marginBottom: 8 }}>
                <Input size="large" aria-label={`${t('web.maintenance.field.name')} ${i + 1}`} placeholder={t('web.maintenance.field.name')} value={w.name} onChange={(e) => setDraft((d) => ({ ...d, workers: d.workers.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) }))} />
                <Input size="large" aria-label={`${t('web.maintenance.field.certificateNo')} ${i + 1}`} placeholder={t('web.maintenance.field.certificateNo')} value={w.certificateNo} onChange={(e) => setDraft((d) => ({ ...d, workers: d.workers.map((x, j) => (j === i ? { ...x, certificateNo: e.target.value } : x)) }))} />
                <Button size="large" icon={<DeleteOutlined />} aria-label={t('web.maintenance.visit.remove')} onClick={() => setDraft((d) => ({ ...d, workers: d.workers.filter((_, j) => j !== i) }))} />
              </Space.Compact>
            ))}
            <Button icon={<PlusOutlined />} block disabled={draft.workers.length >= 6} onClick={() => setDraft((d) => ({ ...d, workers: [...d.workers, { name: '', certificateNo: '' }] }))}>
              {t('web.maintenance.visit.addWorker')}
            </Button>
          </Card>

          <Card size="small" title={t('web.maintenance.visit.parts')} style={{ marginTop: 12 }}>
            {draft.parts.map((p, i) => (
              <Space.Compact key={i} style={{ width: '100%', marginBottom: 8 }}>
                <Input size="large" placeholder={t('web.maintenance.visit.partName')} value={p.name} onChange={(e) => setDraft((d) => ({ ...d, parts: d.parts.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) }))} />
                <InputNumber size="large" min={1} max={1000} precision={0} style={{ width: 110 }} placeholder={t('web.maintenance.visit.quantity')} value={p.quantity} onChange={(v) => setDraft((d) => ({ ...d, parts: d.parts.map((x, j) => (j === i ? { ...x, quantity: Number(v ?? 1) } : x)) }))} />
                <Button size="large" icon={<DeleteOutlined />} aria-label={t('web.maintenance.visit.remove')} onClick={() => setDraft((d) => ({ ...d, parts: d.parts.filter((_, j) => j !== i) }))} />
              </Space.Compact>
            ))}
            <Button icon={<PlusOutlined />} block onClick={() => setDraft((d) => ({ ...d, parts: [...d.parts, { name: '', quantity: 1 }] }))}>
              {t('web.maintenance.visit.addPart')}
            </Button>
          </Card>

          <Card size="small" style={{ marginTop: 12, marginBottom: 24 }} className="ls-visit-bar">
            {showMissing && pendingItems(items, draft).length > 0 && (
              <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('web.maintenance.visit.pendingItems', { n: pendingItems(items, draft).length })} />
            )}
            {submitError && (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 12 }}
                title={submitError.message}
                description={submitError.fields.length ? submitError.fields.map((f) => `${f.field}：${f.message}`).join('；') : undefined}
              />
            )}
            {stage === 'working' && !manual && (
              <Button type="primary" danger block size="large" loading={locating === 'end'} onClick={() => void locate('end')}>
                {locating === 'end' ? t('web.maintenance.visit.finishing') : t('web.maintenance.visit.finish')}
              </Button>
            )}
            {stage === 'finished' && (
              <Button type="primary" block size="large" loading={submitting} onClick={() => void submit()}>
                {t('web.maintenance.visit.submit')}
              </Button>
            )}
          </Card>
        </>
      )}
    </div>
  );
}

function PlaceText({ place, source }: { place: Place; source?: 'gps' | 'manual' }) {
  const vars = { lat: place.lat.toFixed(5), lon: place.lon.toFixed(5) };
  return (
    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
      {source === 'manual' ? t('web.maintenance.visit.locationManual', vars) : t('web.maintenance.visit.locationGps', vars)}
    </Typography.Text>
  );
}

function ManualPlace({ reason, onUse }: { reason: string; onUse: (p: Place) => void }) {
  const [lat, setLat] = useState<number | null>(null);
  const [lon, setLon] = useState<number | null>(null);
  const ok = lat !== null && lon !== null && lat >= 3 && lat <= 54 && lon >= 73 && lon <= 136;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginTop: 12 }}
      data-testid="manual-location"
      title={t('web.maintenance.visit.gpsDenied', { reason })}
      description={
        <Space wrap style={{ marginTop: 8 }}>
          <InputNumber aria-label={t('web.maintenance.visit.lat')} placeholder={t('web.maintenance.visit.lat')} min={3} max={54} step={0.0001} value={lat} onChange={(v) => setLat(v === null ? null : Number(v))} />
          <InputNumber aria-label={t('web.maintenance.visit.lon')} placeholder={t('web.maintenance.visit.lon')} min={73} max={136} step={0.0001} value={lon} onChange={(v) => setLon(v === null ? null : Number(v))} />
          <Button type="primary" disabled={!ok} onClick={() => ok && onUse({ lat: lat!, lon: lon! })}>
            {t('web.maintenance.visit.useManual')}
          </Button>
        </Space>
      }
    />
  );
}

const RESULT_DANGER: Partial<Record<ItemResult, boolean>> = { failed: true };

interface ItemRowProps {
  item: CatalogItem;
  result?: ItemResult;
  value?: number | null;
  photos: { sha256: string; uploaded: boolean }[];
  disabled: boolean;
  missing: boolean;
  onResult: (r: ItemResult) => void;
  onValue: (v: number | null) => void;
  onPhoto: (f: File) => void;
}

function ItemRow({ item, result, value, photos, disabled, missing, onResult, onValue, onPhoto }: ItemRowProps) {
  const numeric = item.judgeType === 'NUMERIC';
  const limits = limitText(item);
  const bad = numeric && outOfLimits(item, value);
  const cls = ['ls-visit-item', result === 'failed' ? 'is-failed' : result ? 'is-done' : ''].join(' ');
  return (
    <div className={cls} data-testid={`item-${item.code}`} data-result={result ?? ''} style={missing ? { borderColor: '#faad14' } : undefined}>
      <div>
        <Typography.Text type="secondary">{item.code}</Typography.Text> <Typography.Text strong>{item.name}</Typography.Text>
        {isKeyItem(item) && (
          <Tag color="gold" style={{ marginLeft: 6 }}>
            {t('web.maintenance.visit.keyItem')}
          </Tag>
        )}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {item.requirement}
      </Typography.Text>
      {numeric && (
        <div style={{ marginTop: 6 }}>
          <InputNumber
            size="large"
            style={{ width: 180 }}
            aria-label={`${item.code} ${t('web.maintenance.visit.value')}`}
            placeholder={t('web.maintenance.visit.value')}
            status={bad ? 'error' : undefined}
            disabled={disabled}
            value={value ?? null}
            suffix={item.unit ?? undefined}
            onChange={(v) => onValue(v === null ? null : Number(v))}
          />
          {limits && <Typography.Text type={bad ? 'danger' : 'secondary'} style={{ marginLeft: 8 }}>{t('web.maintenance.visit.limits', { text: limits })}</Typography.Text>}
          {bad && <Typography.Text type="danger" style={{ marginLeft: 8 }}>{t('web.maintenance.visit.outOfLimits')}</Typography.Text>}
        </div>
      )}
      <div className="ls-visit-results">
        {ITEM_RESULTS.map((r) => (
          <Button key={r} disabled={disabled} type={result === r ? 'primary' : 'default'} danger={RESULT_DANGER[r] && result === r} onClick={() => onResult(r)} aria-pressed={result === r}>
            {enumLabel('itemResult', r)}
          </Button>
        ))}
      </div>
      {(isKeyItem(item) || photos.length > 0) && (
        <div style={{ marginTop: 6 }}>
          <label className="ls-visit-photo">
            <CameraOutlined />
            {t('web.maintenance.visit.photo')}
            <input
              type="file"
              accept="image/jpeg,image/png"
              capture="environment"
              disabled={disabled}
              data-testid={`photo-${item.code}`}
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) onPhoto(f);
                e.target.value = '';
              }}
            />
          </label>
          {photos.length > 0 && (
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {t('web.maintenance.visit.photoCount', { n: photos.length })}（{photos.every((p) => p.uploaded) ? t('web.maintenance.visit.photoUploaded') : t('web.maintenance.visit.photoPending')}）
            </Typography.Text>
          )}
        </div>
      )}
    </div>
  );
}

function VisitResult({ record, onNew }: { record: MaintenanceRecord; onNew: () => void }) {
  return (
    <div className="ls-visit" data-testid="visit-result">
      <Card>
        <Result
          status={record.flags.length ? 'warning' : 'success'}
          title={t('web.maintenance.visit.submitted', { id: record.id })}
          subTitle={record.flags.length ? t('web.maintenance.visit.flagsFound', { n: record.flags.length }) : t('web.maintenance.visit.noFlags')}
          extra={[
            <Button key="new" type="primary" size="large" onClick={onNew}>
              {t('web.maintenance.visit.newVisit')}
            </Button>,
            <Link key="records" to={`/maintenance/records?id=${record.id}`}>
              {t('web.maintenance.visit.viewRecords')}
            </Link>,
          ]}
        />
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('web.maintenance.field.registrationCode')}>{record.registrationCode}</Descriptions.Item>
          <Descriptions.Item label={t('web.maintenance.field.address')}>{record.address}</Descriptions.Item>
          <Descriptions.Item label={t('web.maintenance.field.cycle')}>{enumLabel('maintenanceCycle', record.cycle)}</Descriptions.Item>
        </Descriptions>
        {record.flags.length > 0 && (
          <>
            <Divider titlePlacement="start">{t('web.maintenance.field.flags')}</Divider>
            <MaintenanceFlagList flags={record.flags} testId="visit-flags" />
          </>
        )}
        <Divider titlePlacement="start">{t('web.maintenance.visit.nextDue')}</Divider>
        <NextDueList nextDue={record.nextDue} testId="visit-next-due" />
      </Card>
    </div>
  );
}
