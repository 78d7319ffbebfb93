import { download, request, type Query } from './http.ts';
import type { Page } from './common.types.ts';
import type {
  Alarm,
  AlarmDetail,
  AlarmQuery,
  Device,
  DeviceImportResult,
  DeviceInput,
  DeviceQuery,
  FaultQuery,
  FaultRecord,
  FaultStats,
  GeoCollection,
  IotMeta,
  IotSummary,
  Live,
  MapRegion,
  RuleInput,
  RuleKey,
  Rules,
} from './iot.types.ts';

/** The rule thresholds in display order. */
export const RULE_KEYS: readonly RuleKey[] = [
  'offlineAfterSeconds',
  'trappedAfterSeconds',
  'repeatCount',
  'repeatWindowSeconds',
  'escalateAfterSeconds',
  'maxFutureSeconds',
  'floodRatePerSecond',
  'floodBurst',
];

const devicePath = (id: string) => `/api/devices/${encodeURIComponent(id)}`;

// ---- terminals ----

/** GET /api/devices: one page of monitoring terminals. */
export function listDevices(query: DeviceQuery): Promise<Page<Device>> {
  return request('/api/devices', { query: query as Query });
}

/** GET /api/devices/:deviceId. */
export function getDevice(deviceId: string): Promise<Device> {
  return request(devicePath(deviceId));
}

/** POST /api/devices: registers a terminal and binds it to an elevator. */
export function createDevice(input: DeviceInput): Promise<Device> {
  return request('/api/devices', { method: 'POST', body: input });
}

/** POST /api/devices/:deviceId/bind: (re)binds the terminal to an elevator. */
export function bindDevice(deviceId: string, registrationCode: string): Promise<Device> {
  return request(`${devicePath(deviceId)}/bind`, { method: 'POST', body: { registrationCode } });
}

/** POST /api/devices/:deviceId/unbind. */
export function unbindDevice(deviceId: string): Promise<Device> {
  return request(`${devicePath(deviceId)}/unbind`, { method: 'POST', body: {} });
}

/** POST /api/devices/:deviceId/disable or /enable. */
export function setDeviceEnabled(deviceId: string, enabled: boolean): Promise<Device> {
  return request(`${devicePath(deviceId)}/${enabled ? 'enable' : 'disable'}`, { method: 'POST', body: {} });
}

/** POST /api/devices/:deviceId/rotate-secret: a new secret (generated when none is given), shown once. */
export function rotateSecret(deviceId: string, secret?: string): Promise<{ secret: string }> {
  return request(`${devicePath(deviceId)}/rotate-secret`, { method: 'POST', body: secret ? { secret } : {} });
}

/** POST /api/devices/import: the CSV as the raw body; answers at once with what was created and refused. */
export function importDevices(file: Blob): Promise<DeviceImportResult> {
  return request('/api/devices/import', { method: 'POST', body: file, headers: { 'Content-Type': 'text/csv' } });
}

/** GET /api/devices/import-template: saves the CSV template. */
export function downloadDeviceTemplate(fileName: string): Promise<void> {
  return download('/api/devices/import-template', {}, `${fileName}.csv`);
}

// ---- reference, live state and the monitoring view ----

/** GET /api/iot/meta: protocols, fault types, severities and modes with Chinese names. */
export function getIotMeta(): Promise<IotMeta> {
  return request('/api/iot/meta');
}

/** GET /api/elevators/:registrationCode/live. */
export function getLive(registrationCode: string): Promise<Live> {
  return request(`/api/elevators/${encodeURIComponent(registrationCode)}/live`);
}

/** GET /api/iot/summary. */
export function getIotSummary(): Promise<IotSummary> {
  return request('/api/iot/summary');
}

/** GET /api/iot/map: cities of the province, or the counties of one city. */
export function getIotMap(level: 'city' | 'county', city?: string): Promise<{ items: MapRegion[] }> {
  return request('/api/iot/map', { query: { level, city } });
}

/** GET /api/iot/geo/cities or /counties?city=: GeoJSON outlines (no tiles). */
export function getGeo(city?: string): Promise<GeoCollection> {
  return city ? request('/api/iot/geo/counties', { query: { city } }) : request('/api/iot/geo/cities');
}

// ---- alarms ----

/** GET /api/alarms. */
export function listAlarms(query: AlarmQuery): Promise<Page<Alarm>> {
  return request('/api/alarms', { query: query as Query });
}

/** GET /api/alarms/:id with its history. */
export function getAlarm(id: number): Promise<AlarmDetail> {
  return request(`/api/alarms/${id}`);
}

/** POST /api/alarms/:id/ack. */
export function ackAlarm(id: number, comment?: string): Promise<Alarm> {
  return request(`/api/alarms/${id}/ack`, { method: 'POST', body: comment ? { comment } : {} });
}

/** POST /api/alarms/:id/clear: the reason is required. */
export function clearAlarm(id: number, reason: string): Promise<Alarm> {
  return request(`/api/alarms/${id}/clear`, { method: 'POST', body: { reason } });
}

/** POST /api/alarms/:id/assign. */
export function assignAlarm(id: number, userId: number): Promise<Alarm> {
  return request(`/api/alarms/${id}/assign`, { method: 'POST', body: { userId } });
}

/** POST /api/alarms/:id/comments. */
export function commentAlarm(id: number, text: string): Promise<Alarm> {
  return request(`/api/alarms/${id}/comments`, { method: 'POST', body: { text } });
}

// ---- fault data ----

/** GET /api/faults. */
export function listFaults(query: FaultQuery): Promise<Page<FaultRecord>> {
  return request('/api/faults', { query: query as Query });
}

/** GET /api/faults/stats. */
export function getFaultStats(query: Omit<FaultQuery, 'page' | 'pageSize'> & { groupBy: 'type' | 'day' }): Promise<FaultStats> {
  return request('/api/faults/stats', { query: query as Query });
}

/** GET /api/faults/export: saves the filtered fault history as CSV. */
export function exportFaults(query: Omit<FaultQuery, 'page' | 'pageSize'>, fileName: string): Promise<void> {
  return download('/api/faults/export', query as Query, `${fileName}.csv`);
}

// ---- rules ----

/** GET /api/iot/rules. */
export function getRules(): Promise<Rules> {
  return request('/api/iot/rules');
}

/** PUT /api/iot/rules: sets an override (key + region + vendor identify it). */
export function putRule(input: RuleInput): Promise<unknown> {
  return request('/api/iot/rules', { method: 'PUT', body: input });
}

/** DELETE /api/iot/rules/:id. */
export function deleteRule(id: number): Promise<void> {
  return request(`/api/iot/rules/${id}`, { method: 'DELETE' });
}
