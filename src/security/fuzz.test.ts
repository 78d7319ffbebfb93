import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadAdapters } from '../modules/iot/adapters/index.ts';
import { DecodeError, type ProtocolAdapter } from '../modules/iot/adapters/adapter.ts';
import { decodeMessage } from '../modules/iot/ingest/pipeline.ts';
import { CanonicalMessage, DROP_REASONS } from '../modules/iot/iot.domain.ts';
import { operationsOf, sample, urlOf, type JsonSchema, type Operation } from './openapi-bodies.ts';
import { dummyParam, injectWithTimeout, openSecurityEnv, pool, type SecurityEnv } from './security-env.ts';

/**
 * Property-based fuzzing (fast-check). Deterministic by default so CI is stable; FUZZ_SEED=<n> replays or varies a
 * run, FUZZ_RUNS=<n> runs longer (per body schema and per adapter property).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

/** Any JSON value, biased towards the nasty ones: huge and negative numbers, long, empty and odd strings. */
const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, '', ' ', '0', '-1', '1e309', 'NaN', 'true', '\u202e', '😀', 'a'.repeat(5000), '<b>x</b>', "'", '2026-02-30', '9999-12-31T23:59:59Z'),
  fc.constantFrom(0, -1, 1.5, -0, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, -1e308, 8.64e15 + 1),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** A body shaped like the schema (its keys, the required ones filled) with some values replaced by nasty ones. */
function bodyFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  const keys = Object.keys(schema.properties ?? {});
  const base = sample(schema) as Record<string, unknown>;
  const shaped = keys.length ? fc.dictionary(fc.constantFrom(...keys), nasty, { maxKeys: keys.length }).map((over) => ({ ...base, ...over })) : fc.constant(base);
  return fc.oneof({ arbitrary: shaped, weight: 4 }, { arbitrary: nasty, weight: 1 });
}

describe('fuzzing every JSON request body schema (OpenAPI) through the API', () => {
  let s: SecurityEnv;
  let ops: Operation[];
  before(async () => {
    // Probes must reach the handlers: the public routes' per-address limit is off here (hardening.test.ts tests it).
    s = await openSecurityEnv({ PUBLIC_RATE_PER_MINUTE: '0' });
    ops = operationsOf((await s.env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json()).filter((o) => o.body && o.path !== '/api/auth/logout');
  });
  after(async () => {
    await s?.close();
  });

  it('random bodies get a 2xx or 4xx, never a 5xx', { timeout: 900_000 }, async () => {
    assert.ok(ops.length > 80, `only ${ops.length} body schemas`);
    const failures: string[] = [];
    let runs = 0;
    await pool(ops, 3, async (op) => {
      const url = urlOf(op, dummyParam);
      const r = await fc.check(
        fc.asyncProperty(bodyFor(op.body!), async (body) => {
          runs++;
          const res = await injectWithTimeout(s.env, { method: op.method as 'POST', url, headers: { authorization: `Bearer ${s.tokens.admin}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
          if (res === 'timeout') return false;
          return res.statusCode < 500;
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      if (r.failed) failures.push(`${op.method} ${op.path}: ${JSON.stringify(r.counterexample?.[0])?.slice(0, 300)} (seed ${r.seed}, path ${r.counterexamplePath})`);
    });
    console.log(`fuzz: ${ops.length} body schemas, ${runs} requests (seed ${SEED})`);
    assert.deepEqual(failures, []);
  });
});

describe('fuzzing each MQTT protocol adapter', () => {
  let adapters: ProtocolAdapter[];
  before(async () => {
    adapters = (await loadAdapters()).all();
  });

  const NATIVE_KEYS = ['v', 'id', 'ts', 'floor', 'direction', 'doorOpen', 'occupied', 'inDoorZone', 'speed', 'mode', 'runs', 'runSeconds', 'distanceM', 'doorCycles', 'vendor', 'model', 'firmware', 'phase', 'fault', 'controller', 'code', 'detail'];
  const JTC_KEYS = ['DoorState', 'PersonState', 'CurrentFloor', 'RunDirection', 'RunState', 'StartTime', 'EndTime', 'DoorToggleCount', 'RunMins', 'RunMileage', 'RunCount', 'RunMeters', 'ErrorType', 'ErrorTime', 'CloseTime', 'Type', 'LockTime', 'AlarmType', 'AlarmTime'];
  const plausible = fc.oneof(
    nasty,
    fc.constantFrom(1, 0, 2, '1', '0', 'open', 'close', 'up', 'down', 'stop', 'monarch', 'E01', 'E99', 'trapped', 'door_open_moving', 1001, 1009, 2002, 3001, '2026-11-29 16:05:00', '2026/11/29 25:61:00'),
    fc.integer(),
    fc.date({ noInvalidDate: true }).map((d) => d.getTime()),
    fc.constantFrom(1e20, 9e15, 8.64e15 + 1, 2 ** 53 - 1, -1, 1e11 - 1, '1e20', '99999999999999999999'), // times out of Date's range
  );
  /** Epoch times: mostly fine, often at or beyond the edges of what a Date can hold. */
  const epoch = fc.oneof(fc.constant(1780279200000), fc.constant(1780279200), plausible);
  const nativeTopic = fc.tuple(fc.oneof(fc.constantFrom('dev-1', 'a', ''), fc.string({ maxLength: 12 })), fc.constantFrom('info', 'status', 'stats', 'event', 'ack', 'x', '')).map(([d, g]) => `liftsafe/v1/${d}/${g}`);
  const jtcTopic = fc
    .tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), fc.constantFrom('LiveData', 'RunStatistics', 'ErrorEvent', 'ErrorClose', 'LockEvent', 'LockClose', 'AlarmEvent', 'AlarmClose', 'SelfError', 'Other', ''))
    .map(([pk, name, ev]) => `/device/${pk}/${name}/thing/event/${ev}/post/`);
  const anyTopic = fc.oneof(nativeTopic, jtcTopic, fc.string({ maxLength: 60 }));
  // Mostly a valid envelope with some fields replaced, so the fuzz reaches past the first check.
  const nativePayload = fc
    .tuple(epoch, fc.dictionary(fc.constantFrom(...NATIVE_KEYS), plausible, { maxKeys: 4 }))
    .map(([ts, o]) => JSON.stringify({ v: 1, id: 'm1', ts, phase: 'open', fault: 'trapped', ...o }));
  const jtcPayload = fc
    .record({
      Version: fc.option(plausible),
      Params: fc.oneof(
        { arbitrary: fc.record({ Value: fc.dictionary(fc.constantFrom(...JTC_KEYS), plausible, { maxKeys: 4 }).map((v) => ({ DoorState: 0, PersonState: 0, CurrentFloor: 3, RunDirection: 0, ErrorType: 1001, Type: 1, AlarmType: 2002, StartTime: '2026-11-29 16:00:00', EndTime: '2026-11-29 16:05:00', ...v })), Time: fc.option(epoch) }), weight: 5 },
        { arbitrary: plausible, weight: 1 },
      ),
    })
    .map((o) => JSON.stringify(o));
  // Strings (readable counterexamples), sent as UTF-8 bytes; arbitrary code units make invalid UTF-8 too.
  const payloadText = fc.oneof(nativePayload, jtcPayload, fc.string({ unit: 'binary', maxLength: 200 }), fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'));

  it('decode returns canonical messages or throws a DecodeError, nothing else', () => {
    const receivedAt = new Date('2026-06-01T02:00:00Z');
    let claimed = 0;
    for (const adapter of adapters) {
      fc.assert(
        fc.property(anyTopic, payloadText, (topic, text) => {
          const body = Buffer.from(text);
          // The ingest hands an adapter only the topics it claims (AdapterRegistry.route); claiming never throws.
          if (!adapter.deviceOf(topic)) return true;
          claimed++;
          let decoded;
          try {
            decoded = adapter.decode(topic, body, receivedAt);
          } catch (err) {
            if (err instanceof DecodeError && DROP_REASONS.includes(err.reason)) return true;
            throw err;
          }
          for (const m of decoded.messages) {
            const r = CanonicalMessage.safeParse(m);
            if (!r.success) throw new Error(`not canonical: ${JSON.stringify(m)} ${r.error.issues[0]?.message}`);
            if (Number.isNaN(m.at.getTime())) throw new Error(`invalid time in ${JSON.stringify(m)}`);
          }
          return true;
        }),
        { seed: SEED, numRuns: RUNS * 250 },
      );
    }
    console.log(`fuzz: ${adapters.length} adapters × ${RUNS * 250} payloads, ${claimed} on a topic the adapter claims`);
    assert.ok(claimed > RUNS * 100, 'too few generated topics reach an adapter');
  });

  it('the ingest decode step (size limit, adapter, canonical check) never throws and names a drop reason', () => {
    for (const adapter of adapters) {
      fc.assert(
        fc.property(anyTopic, payloadText, (topic, text) => {
          const body = Buffer.from(text);
          if (!adapter.deviceOf(topic)) return true;
          const r = decodeMessage(adapter, topic, body, new Date('2026-06-01T02:00:00Z'));
          if ('error' in r) return DROP_REASONS.includes(r.error);
          return r.messages.every((m) => !Number.isNaN(m.at.getTime()));
        }),
        { seed: SEED + 1, numRuns: RUNS * 250 },
      );
    }
  });
});
