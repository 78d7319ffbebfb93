import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import iconv from 'iconv-lite';
import { z } from 'zod';
import zh from '../../../locales/zh-CN.json' with { type: 'json' };
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { AppError } from '../../server/http/errors.ts';
import { IdParam, typed } from '../../server/http/types.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { inlineStats } from '../events/outbox.ts';
import { AlarmDetailOut, AlarmListQuery, AlarmOut } from './alarms.service.ts';
import * as alarms from './alarms.service.ts';
import { BindInput, DeviceImportOut, DeviceInput, DeviceListOut, DeviceListQuery, DeviceOut, DeviceParam, RotateInput, SecretOut } from './devices.schema.ts';
import * as devices from './devices.service.ts';
import * as faults from './faults.service.ts';
import { FAULT_TYPES, MODES, RULE_DEFAULTS, SEVERITIES } from './iot.domain.ts';
import type { IotRuntime } from './iot.runtime.ts';
import { geo, liveOf, LiveOut, map, MapOut, MapQuery, summary, SummaryOut } from './live.service.ts';
import * as rules from './rules.service.ts';

type Names = Record<string, Record<string, string>>;
const enums = ((zh as { web?: { enums?: Names } }).web?.enums ?? {}) as Names;
const nameOf = (group: string, code: string) => enums[group]?.[code] ?? code;

const TAG = ['iot'];

/** Event-loop delay since the last read of /api/iot/ingest: a stalled loop is what makes a broker drop messages. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

/** The IoT module's HTTP API: devices, live state and monitoring, alarms, fault data, rules, broker hooks. */
export function iotRoutes(app: FastifyInstance, ctx: AppContext, rt: IotRuntime): void {
  const r = typed(app);
  // Open live streams end when the server closes, so shutdown does not wait on viewers.
  const streams = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const end of streams) end();
  });

  // ---- devices
  r.get('/api/devices', {
    config: { auth: 'devices.manage' },
    schema: { tags: TAG, summary: 'Terminals with online state and bad-traffic counts', querystring: DeviceListQuery, response: { 200: DeviceListOut } },
    handler: (req) => devices.list(ctx, rt, principalOf(req), req.query),
  });
  r.post('/api/devices', {
    config: { auth: 'devices.manage' },
    schema: { tags: TAG, summary: 'Register a terminal and bind it to an elevator', body: DeviceInput, response: { 201: DeviceOut } },
    handler: async (req, reply) => reply.code(201).send(await devices.create(ctx, rt, principalOf(req), req.body)),
  });
  r.get('/api/devices/import-template', {
    config: { auth: 'devices.manage' },
    schema: { tags: TAG, summary: 'CSV template for bulk registration' },
    handler: async (_req, reply) => {
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('监测终端导入模板.csv')}`);
      reply.type('text/csv; charset=utf-8');
      return `\uFEFF${devices.IMPORT_COLUMNS.join(',')}\r\nLS00000000000000000001,native,change-me-secret-123,31103701002019000001,,LiftSafe,LS-T1,1.0.0\r\n`;
    },
  });
  r.get('/api/devices/:deviceId', {
    config: { auth: 'devices.manage' },
    schema: { tags: TAG, params: DeviceParam, response: { 200: DeviceOut } },
    handler: (req) => devices.get(ctx, rt, principalOf(req), req.params.deviceId),
  });
  r.post('/api/devices/:deviceId/bind', {
    config: { auth: 'devices.manage' },
    schema: { tags: TAG, summary: 'Bind (or rebind) to an elevator', params: DeviceParam, body: BindInput, response: { 200: DeviceOut } },
    handler: (req) => devices.bind(ctx, rt, principalOf(req), req.params.deviceId, req.body.registrationCode),
  });
  for (const [path, fn] of [
    ['unbind', (req: { params: { deviceId: string } } & Parameters<typeof principalOf>[0]) => devices.unbind(ctx, rt, principalOf(req), req.params.deviceId)],
    ['disable', (req: { params: { deviceId: string } } & Parameters<typeof principalOf>[0]) => devices.setEnabled(ctx, rt, principalOf(req), req.params.deviceId, false)],
    ['enable', (req: { params: { deviceId: string } } & Parameters<typeof principalOf>[0]) => devices.setEnabled(ctx, rt, principalOf(req), req.params.deviceId, true)],
  ] as const) {
    r.post(`/api/devices/:deviceId/${path}`, { config: { auth: 'devices.manage' }, schema: { tags: TAG, params: DeviceParam, response: { 200: DeviceOut } }, handler: (req) => fn(req) });
  }
  r.post('/api/devices/:deviceId/rotate-secret', {
    config: { auth: 'devices.manage' },
    schema: { tags: TAG, summary: 'Set a new secret (given, or generated and shown once); the device is disconnected', params: DeviceParam, body: RotateInput, response: { 200: SecretOut } },
    handler: (req) => devices.rotateSecret(ctx, rt, principalOf(req), req.params.deviceId, req.body?.secret),
  });
  app.register(async (scoped) => {
    scoped.addContentTypeParser(['text/csv', 'text/plain', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    typed(scoped).post('/api/devices/import', {
      config: { auth: 'devices.manage' },
      schema: { tags: TAG, summary: 'Bulk registration from CSV (UTF-8 or GBK); bad rows reported by line and field', response: { 200: DeviceImportOut } },
      handler: async (req) => {
        const buf = req.body as Buffer;
        if (!Buffer.isBuffer(buf)) throw new AppError('UNSUPPORTED_FILE');
        let text = buf.toString('utf8');
        if (text.includes('\uFFFD')) text = iconv.decode(buf, 'gbk');
        return devices.importCsv(ctx, rt, principalOf(req), text);
      },
    });
  });

  // ---- live state and monitoring
  r.get('/api/elevators/:registrationCode/live', {
    config: { auth: 'iot.read' },
    schema: { tags: TAG, summary: "An elevator's live state", params: z.object({ registrationCode: z.string().max(40) }), response: { 200: LiveOut } },
    handler: async (req) => {
      const { elevatorId: _e, ...live } = await liveOf(ctx, principalOf(req), req.params.registrationCode);
      return live;
    },
  });
  r.get('/api/iot/summary', {
    config: { auth: 'iot.read' },
    schema: { tags: TAG, summary: 'Monitored, online, active alarms by severity, faults today (caller scope)', response: { 200: SummaryOut } },
    handler: (req) => summary(ctx, principalOf(req)),
  });
  r.get('/api/iot/map', {
    config: { auth: 'iot.read' },
    schema: { tags: TAG, summary: 'Online rate, active alarms and faults today by city, or by county of a city', querystring: MapQuery, response: { 200: MapOut } },
    handler: (req) => map(ctx, principalOf(req), req.query),
  });
  r.get('/api/iot/geo/:level', {
    config: { auth: 'iot.read' },
    schema: { tags: TAG, summary: 'Vendored Shandong outlines (GeoJSON)', params: z.object({ level: z.enum(['cities', 'counties']) }), querystring: z.object({ city: z.string().regex(/^\d{6}$/).optional() }) },
    handler: async (req, reply) => {
      reply.type('application/geo+json; charset=utf-8').header('cache-control', 'private, max-age=86400');
      return geo(req.params.level, req.query.city);
    },
  });
  r.get('/api/iot/meta', {
    config: { auth: 'authenticated' },
    schema: { tags: TAG, summary: 'Protocols, fault types, severities and modes with Chinese names' },
    handler: async () => ({
      protocols: rt.adapters.all().map((a) => ({ code: a.protocol, label: a.label })),
      faultTypes: FAULT_TYPES.map((code) => ({ code, name: nameOf('faultType', code) })),
      severities: SEVERITIES.map((code) => ({ code, name: nameOf('severity', code) })),
      modes: MODES.map((code) => ({ code, name: nameOf('mode', code) })),
    }),
  });
  r.get('/api/iot/ingest', {
    config: { auth: 'iot.rules' },
    schema: { tags: TAG, summary: "This node's ingest counters (received, accepted, dropped by reason, flushes)" },
    handler: async () => {
      const h = loopDelay;
      const loop = { p50Ms: Math.round(h.percentile(50) / 1e4) / 100, p99Ms: Math.round(h.percentile(99) / 1e4) / 100, maxMs: Math.round(h.max / 1e4) / 100 };
      h.reset();
      return { ...rt.pipeline.stats, devicesKnown: rt.devices.size, externalConnected: rt.external?.connected ?? null, liveViewers: rt.feed.subscribers, eventLoopDelay: loop, inlineEventFailures: inlineStats() };
    },
  });
  r.get('/api/iot/stream', {
    config: { auth: 'iot.read' },
    schema: { tags: TAG, summary: 'Server-sent events: alarm changes in scope, summary every 2 s, live state of one elevator', querystring: z.object({ elevator: z.string().max(40).optional() }) },
    handler: async (req, reply) => {
      const p = principalOf(req);
      // Fail before the stream starts when the watched elevator is not visible.
      if (req.query.elevator) await liveOf(ctx, p, req.query.elevator);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write('retry: 3000\n\n');
      const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const unsubscribe = rt.feed.subscribe(scopeOf(ctx, p), (item) => send('alarm', item));
      let lastLive = '';
      const tickSummary = async () => {
        try {
          send('summary', { ...(await summary(ctx, p)), at: ctx.clock.now().toISOString() });
        } catch (err) {
          req.log.warn({ err }, 'stream summary failed');
        }
      };
      const tickLive = async () => {
        if (!req.query.elevator) return;
        try {
          const { elevatorId: _e, ...live } = await liveOf(ctx, p, req.query.elevator);
          const json = JSON.stringify(live);
          if (json !== lastLive) {
            lastLive = json;
            send('live', { ...live, registrationCode: req.query.elevator });
          }
        } catch (err) {
          req.log.warn({ err }, 'stream live failed');
        }
      };
      void tickSummary();
      void tickLive();
      const timers = [setInterval(() => void tickSummary(), 2000), setInterval(() => void tickLive(), 1000), setInterval(() => res.write(': ping\n\n'), 15_000)];
      const end = () => {
        for (const t of timers) clearInterval(t);
        unsubscribe();
        streams.delete(end);
        if (!res.writableEnded) res.end();
      };
      streams.add(end);
      req.raw.on('close', end);
    },
  });

  // ---- alarms
  r.get('/api/alarms', {
    config: { auth: 'iot.read' },
    schema: { tags: TAG, summary: 'Alarms in the caller scope', querystring: AlarmListQuery, response: { 200: z.object({ items: z.array(AlarmOut), total: z.number() }) } },
    handler: (req) => alarms.list(ctx, principalOf(req), req.query),
  });
  r.get('/api/alarms/:id', {
    config: { auth: 'iot.read' },
    schema: { tags: TAG, summary: 'An alarm with its full history', params: IdParam, response: { 200: AlarmDetailOut } },
    handler: (req) => alarms.get(ctx, principalOf(req), req.params.id),
  });
  const act = async (req: Parameters<typeof principalOf>[0], id: number, action: Parameters<typeof alarms.act>[3]) => {
    const { alarm, changes } = await alarms.act(ctx, principalOf(req), id, action);
    if (changes.length) rt.feed.nudge();
    return alarm;
  };
  r.post('/api/alarms/:id/ack', {
    config: { auth: 'iot.operate' },
    schema: { tags: TAG, params: IdParam, body: z.object({ comment: z.string().trim().max(500).optional() }).default({}), response: { 200: AlarmOut } },
    handler: (req) => act(req, req.params.id, { kind: 'ack', comment: req.body?.comment }),
  });
  r.post('/api/alarms/:id/clear', {
    config: { auth: 'iot.operate' },
    schema: { tags: TAG, summary: 'Clear by an operator, with a reason', params: IdParam, body: z.object({ reason: z.string().trim().min(2, '请填写解除原因').max(500) }), response: { 200: AlarmOut } },
    handler: (req) => act(req, req.params.id, { kind: 'clear', reason: req.body.reason }),
  });
  r.post('/api/alarms/:id/assign', {
    config: { auth: 'iot.operate' },
    schema: { tags: TAG, params: IdParam, body: z.object({ userId: z.number().int().positive() }), response: { 200: AlarmOut } },
    handler: (req) => act(req, req.params.id, { kind: 'assign', userId: req.body.userId }),
  });
  r.post('/api/alarms/:id/comments', {
    config: { auth: 'iot.operate' },
    schema: { tags: TAG, params: IdParam, body: z.object({ text: z.string().trim().min(1, '请填写评论').max(2000) }), response: { 200: AlarmOut } },
    handler: (req) => act(req, req.params.id, { kind: 'comment', text: req.body.text }),
  });

  // ---- fault data read interface
  r.get('/api/faults', {
    config: { auth: 'faults.read' },
    schema: { tags: TAG, summary: 'Fault history of the elevators in the caller scope', querystring: faults.FaultListQuery, response: { 200: z.object({ items: z.array(faults.FaultOut), total: z.number() }) } },
    handler: (req) => faults.list(ctx, principalOf(req), req.query),
  });
  r.get('/api/faults/stats', {
    config: { auth: 'faults.read' },
    schema: { tags: TAG, summary: 'Fault counts by type, day or month', querystring: faults.FaultStatsQuery, response: { 200: z.object({ items: z.array(z.object({ key: z.string(), count: z.number() })) }) } },
    handler: (req) => faults.stats(ctx, principalOf(req), req.query),
  });
  r.get('/api/faults/export', {
    config: { auth: 'faults.read' },
    schema: { tags: TAG, summary: 'Fault history as CSV', querystring: faults.FaultFilter },
    handler: async (req, reply) => {
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`故障数据-${new Date().toISOString().slice(0, 10)}.csv`)}`);
      reply.type('text/csv; charset=utf-8');
      const { Readable } = await import('node:stream');
      return reply.send(Readable.from(faults.exportCsv(ctx, principalOf(req), req.query, enums.faultType ?? {})));
    },
  });

  // ---- rule thresholds
  r.get('/api/iot/rules', {
    config: { auth: 'iot.read' },
    schema: { tags: TAG, summary: 'Rule thresholds: defaults and overrides by region and vendor' },
    handler: async () => ({ defaults: RULE_DEFAULTS, overrides: rt.settings.overrides() }),
  });
  r.put('/api/iot/rules', {
    config: { auth: 'iot.rules' },
    schema: { tags: TAG, summary: 'Set an override', body: rules.RuleInput },
    handler: (req) => rules.put(ctx, rt, principalOf(req), req.body),
  });
  r.delete('/api/iot/rules/:id', {
    config: { auth: 'iot.rules' },
    schema: { tags: TAG, params: IdParam },
    handler: (req) => rules.remove(ctx, rt, principalOf(req), req.params.id),
  });

  // ---- external broker hooks (mosquitto-go-auth HTTP backend, EMQX HTTP auth)
  const hookAllowed = (req: { headers: Record<string, unknown> }) => !ctx.config.MQTT_HOOK_SECRET || req.headers['x-hook-secret'] === ctx.config.MQTT_HOOK_SECRET;
  r.post('/api/mqtt/auth', {
    config: { auth: 'public' },
    schema: { tags: TAG, summary: 'Broker hook: may this device connect?', body: z.object({ username: z.string().max(200).default(''), password: z.string().max(500).default(''), clientid: z.string().max(200).optional() }) },
    handler: async (req, reply) => {
      const ok = hookAllowed(req) && (await rt.hooks.authenticate(req.body.username, req.body.password));
      return reply.code(ok ? 200 : 403).send({ result: ok ? 'allow' : 'deny' });
    },
  });
  r.post('/api/mqtt/acl', {
    config: { auth: 'public' },
    schema: { tags: TAG, summary: 'Broker hook: may this device publish (acc 2) or subscribe (acc 1, 4) to this topic?', body: z.object({ username: z.string().max(200), topic: z.string().max(500), acc: z.coerce.number().int(), clientid: z.string().max(200).optional() }) },
    handler: async (req, reply) => {
      const { username, topic, acc } = req.body;
      const ok = hookAllowed(req) && (acc === 2 ? rt.hooks.authorizePublish(username, topic) : rt.hooks.authorizeSubscribe(username, topic));
      return reply.code(ok ? 200 : 403).send({ result: ok ? 'allow' : 'deny' });
    },
  });
}
