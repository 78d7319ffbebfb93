import { sql, type Kysely, type RawBuilder } from 'kysely';
import { piiCipher } from '../../server/pii.ts';
import type { DB } from '../../server/db/schema.ts';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { overlay, regionSettings } from '../regions/region-settings.ts';
import { DEFAULT_RULES, deadlines, defaultResponsible, newTrackingCode, repeatRoot, type Category, type Channel, type ComplaintRules } from './complaints.domain.ts';
import * as repo from './complaints.repo.ts';
import type { ComplaintCreate, PublicReportInput } from './complaints.schema.ts';

/**
 * Intake from the three channels: the public QR page (no login), a 96333 dispatcher on the phone and a regulator.
 * Every report gets its own tracking code and deadlines, is routed to the regulator of its region and, when another
 * report on the same elevator is open or recent, linked to the first of them.
 */

/** At most this many public reports on one elevator in 24 hours (a flood guard that holds across nodes). */
export const PUBLIC_PER_ELEVATOR_PER_DAY = 20;

/** The rules in force for a region; inside a transaction pass its handle (PGlite has one connection). */
export async function rulesFor(ctx: AppContext, regionCode: string, db: Kysely<DB> = ctx.store.db): Promise<ComplaintRules> {
  return overlay(DEFAULT_RULES, await regionSettings(db, 'complaint_rule_setting', regionCode));
}

/** County, city and province of a region, most specific first: the regulators a complaint may be routed to. */
export function routingCandidates(ctx: AppContext, regionCode: string): string[] {
  const r = ctx.regions.get(regionCode);
  const out = [regionCode, r?.cityCode ?? `${regionCode.slice(0, 4)}00`, r?.provinceCode ?? `${regionCode.slice(0, 2)}0000`];
  return [...new Set(out)];
}

interface Intake {
  channel: Channel;
  code?: string;
  category: Category;
  description: string;
  anonymous: boolean;
  reporterName?: string;
  contact?: string;
  regionCode?: string;
  address?: string;
}

interface Who {
  actor: audit.Actor;
  /** The name the timeline shows ('public' for the QR page; the web labels it). */
  shownAs: string;
  /** The registry part the caller may name elevators from (the public: every elevator). */
  elevatorScope: RawBuilder<boolean>;
  /** Regions the caller may file an unregistered elevator in (the public: everywhere). */
  regionAllowed: (code: string) => boolean;
  isPublic: boolean;
}

const noFields = (field: string, message: string) => new AppError('VALIDATION_FAILED', { fields: [{ field, message }] });

async function place(ctx: AppContext, who: Who, input: Intake) {
  const code = input.code?.trim() || undefined;
  const e = code ? await repo.elevatorByCode(ctx.store.db, code, who.elevatorScope) : undefined;
  if (e) return { elevator: e, regionCode: e.region_code, address: null };
  if (input.category !== 'unregistered') {
    if (!code) throw noFields('code', '请填写电梯的注册代码或救援识别码');
    if (who.isPublic) throw new AppError('PUBLIC_ELEVATOR_NOT_FOUND');
    throw new AppError('ELEVATOR_NOT_FOUND', { fields: [{ field: 'code', message: '未找到该注册代码或救援识别码对应的电梯，或不在您的管辖范围' }] });
  }
  // An elevator in use without registration has no record: the report names where it is.
  const fields = [];
  const region = input.regionCode ? ctx.regions.resolve(input.regionCode, { countyLevelOnly: true })?.region : undefined;
  if (!region) fields.push({ field: 'regionCode', message: '举报未登记电梯时请选择所在区县' });
  if (!input.address) fields.push({ field: 'address', message: '举报未登记电梯时请填写详细地址' });
  if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
  if (!who.regionAllowed(region!.code)) throw new AppError('REGION_OUT_OF_SCOPE');
  return { elevator: undefined, regionCode: region!.code, address: input.address! };
}

async function intake(ctx: AppContext, who: Who, input: Intake) {
  const { db } = ctx.store;
  const where = await place(ctx, who, input);
  const now = ctx.clock.now();
  if (who.isPublic && where.elevator && (await repo.publicCountSince(db, where.elevator.id, new Date(now.getTime() - 86_400_000))) >= PUBLIC_PER_ELEVATOR_PER_DAY)
    throw new AppError('RATE_LIMITED');
  const rules = await rulesFor(ctx, where.regionCode);
  const regulator = await repo.regulatorFor(db, routingCandidates(ctx, where.regionCode));
  const due = deadlines(now, rules);
  const anonymous = input.anonymous || (!input.contact && !input.reporterName);
  const e = where.elevator;
  return db.transaction().execute(async (trx) => {
    let linkedTo: number | null = null;
    if (e) {
      await repo.lockElevator(trx, e.id);
      const earlier = await repo.earlierOnElevator(trx, e.id);
      linkedTo = repeatRoot(
        earlier.map((c) => ({ id: c.id, status: c.status, receivedAt: c.received_at, linkedToId: c.linked_to_id })),
        now,
        rules.repeatDays,
      );
    }
    let trackingCode = newTrackingCode();
    while (await repo.trackingCodeTaken(trx, trackingCode)) trackingCode = newTrackingCode();
    const orgs = { useUnitId: e?.use_unit_id ?? null, maintenanceOrgId: e?.maintenance_org_id ?? null };
    const id = await repo.insert(trx, {
      tracking_code: trackingCode,
      channel: input.channel,
      category: input.category,
      description: input.description,
      elevator_id: e?.id ?? null,
      code_given: input.code?.trim() || null,
      address: where.address,
      region_code: where.regionCode,
      regulator_org_id: regulator?.id ?? null,
      use_unit_id: orgs.useUnitId,
      maintenance_org_id: orgs.maintenanceOrgId,
      responsible_org_id: defaultResponsible(input.category, orgs),
      anonymous,
      reporter_name: anonymous ? null : (input.reporterName ?? null),
      // Encrypted at rest (PII_KEY); the keyed hash finds a reporter's other reports by phone.
      reporter_contact: anonymous ? null : piiCipher(ctx.config).encryptNullable(input.contact),
      reporter_contact_hash: anonymous ? null : contactHash(ctx, input.contact),
      received_at: now,
      ack_due_at: due.ackDueAt,
      outcome_due_at: due.outcomeDueAt,
      linked_to_id: linkedTo,
      created_by: who.actor.userId,
      updated_at: now,
    });
    // What the audit keeps of a report: never the reporter's name or contact.
    const facts = { channel: input.channel, category: input.category, elevatorId: e?.id ?? null, regionCode: where.regionCode, regulatorOrgId: regulator?.id ?? null, anonymous, linkedToId: linkedTo };
    await repo.addEvent(trx, { complaintId: id, at: now, action: 'received', actorId: who.actor.userId, actorName: who.shownAs, orgId: who.actor.orgId, data: { channel: input.channel, regulator: regulator?.name ?? null, linkedToId: linkedTo } });
    await audit.record(trx, who.actor, now, [{ action: 'complaint.receive', entityType: 'complaint', entityId: String(id), regionCode: where.regionCode, after: facts }]);
    return { id, trackingCode, status: 'received' as const, ackDueAt: due.ackDueAt.toISOString(), outcomeDueAt: due.outcomeDueAt.toISOString(), regulatorName: regulator?.name ?? null, linkedToId: linkedTo };
  });
}

/** POST /api/public/reports: anyone, from the QR page; the contact is optional (anonymous without it). */
export async function publicReport(ctx: AppContext, input: PublicReportInput) {
  const who: Who = { actor: { userId: null, name: 'public', orgId: null }, shownAs: 'public', elevatorScope: sql<boolean>`true`, regionAllowed: () => true, isPublic: true };
  return intake(ctx, who, { ...input, channel: 'public', anonymous: !input.contact });
}

/** POST /api/complaints: a dispatcher taking a call, or a regulator recording one, within their own region. */
export async function createComplaint(ctx: AppContext, p: Principal, input: ComplaintCreate) {
  const admin = p.orgType === 'platform' && p.roles.includes('admin');
  const who: Who = {
    actor: audit.actorOf(p),
    shownAs: p.displayName || p.username,
    elevatorScope: scopeSql(scopeOf(ctx, p)),
    regionAllowed: (code) => admin || ctx.regions.contains(p.regionCode, code),
    isPublic: false,
  };
  return intake(ctx, who, input);
}

/** The keyed hash of a phone contact (an e-mail address is not hashed: the platform only looks people up by phone). */
function contactHash(ctx: AppContext, contact: string | undefined): string | null {
  return contact && !contact.includes('@') ? piiCipher(ctx.config).phoneHash(contact) : null;
}
