import type { AppContext } from '../server/context.ts';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../modules/auth/password.ts';
import { makeUscc } from '../modules/orgs/uscc.ts';
import { ELEVATOR_FIELDS, type FieldKey } from '../modules/elevators/elevator-row.ts';

let seq = 0;
const next = () => ++seq;

/** A valid 注册代码: category + region + YYYYMM + serial. */
export function regCode(opts: { category?: string; region?: string; ym?: string; serial?: number } = {}): string {
  const serial = opts.serial ?? next();
  return `${opts.category ?? '3110'}${opts.region ?? '370102'}${opts.ym ?? '201906'}${String(serial % 10000).padStart(4, '0')}`;
}

export function uscc(region = '370102'): string {
  return makeUscc(region, String(100000000 + next() * 7919).slice(0, 9));
}

export async function createOrg(ctx: AppContext, o: { type: string; regionCode?: string; name?: string; creditCode?: string | null; hotline?: string }) {
  const n = next();
  return ctx.store.db
    .insertInto('organization')
    .values({
      credit_code: o.creditCode === undefined ? uscc(o.regionCode) : o.creditCode,
      name: o.name ?? `测试单位${n}`,
      type: o.type,
      region_code: o.regionCode ?? '370000',
      address: null,
      contact_name: null,
      contact_phone: null,
      hotline: o.hotline ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const hashCache = new Map<string, string>();

/** A user with a known password, logged in through the API: returns the bearer token. */
export async function userToken(env: { ctx: AppContext; app: FastifyInstance }, o: { orgId: number; roles: string[]; username?: string }): Promise<string> {
  const username = o.username ?? `user${next()}`;
  const password = 'Passw0rd!';
  if (!hashCache.has(password)) hashCache.set(password, await hashPassword(password));
  await env.ctx.store.db
    .insertInto('app_user')
    .values({ username, display_name: username, password_hash: hashCache.get(password)!, org_id: o.orgId, roles: o.roles, phone: null })
    .execute();
  const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  return res.json().token;
}

/** A valid import row (template English keys) with overrides. */
export function buildRow(over: Partial<Record<FieldKey, string>> = {}): Record<FieldKey, string> {
  const n = next();
  return {
    registrationCode: regCode({ serial: n }),
    equipmentCode: '',
    certificateNo: `梯11鲁A${String(n).padStart(5, '0')}(19)`,
    rescueCode: String(100000 + n),
    category: '3110',
    regionCode: '370102',
    address: `山东省济南市历下区经十路${n}号`,
    placeName: '测试小区',
    placeType: '住宅',
    useUnitName: '济南测试物业有限公司',
    useUnitCreditCode: '',
    maintenanceName: '济南测试电梯工程有限公司',
    maintenanceCreditCode: '',
    maintenancePhone: '0531-88880000',
    manufacturerName: '日立电梯（中国）有限公司',
    model: 'HGP',
    factoryNo: `F${n}`,
    manufactureDate: '2019-03-01',
    commissioningDate: '2019-06-20',
    registrationDate: '2019-07-01',
    acceptanceDate: '2019-06-10',
    status: '在用',
    floors: '18',
    ratedSpeed: '1.75',
    ratedLoad: '1000',
    ascendingOverspeedProtection: '有',
    longitude: '117.12',
    latitude: '36.65',
    ...over,
  };
}

function csvCell(s: string) {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV file with the Chinese template headers (or the English keys). */
export function toCsv(rows: Record<string, string>[], headers: 'zh' | 'en' = 'zh'): string {
  const head = ELEVATOR_FIELDS.map((f) => (headers === 'zh' ? f.zh : f.key));
  return [head, ...rows.map((r) => ELEVATOR_FIELDS.map((f) => r[f.key] ?? ''))].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
