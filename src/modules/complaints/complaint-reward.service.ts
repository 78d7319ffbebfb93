import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { rewardTransition, type RewardState } from './complaints.domain.ts';
import * as repo from './complaints.repo.ts';
import type { ComplaintDetailOut, RewardInput } from './complaints.schema.ts';
import { complaintScope, get } from './complaints.service.ts';
import { writeFileGuarded } from '../../server/files/guarded-write.ts';

/**
 * 有奖举报 and evidence. A reward is decided (granted with an amount, or refused) by a regulator holding
 * complaints.reward, who is recorded as the approver, and a granted reward is paid once, with the payment's record.
 * Evidence files are stored content-addressed under DATA_DIR/complaints/ by their SHA-256, computed here.
 */

const by = (p: Principal) => p.displayName || p.username;

export async function decideReward(ctx: AppContext, p: Principal, id: number, input: RewardInput): Promise<ComplaintDetailOut> {
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const r = await repo.getById(trx, id, complaintScope(ctx, p), { forUpdate: true });
    if (!r) throw new AppError('COMPLAINT_NOT_FOUND');
    const state: RewardState = r.paid_at ? 'paid' : (r.reward_decision ?? 'none');
    const next = rewardTransition(r.outcome, state, input.action);
    if (!next) throw new AppError('COMPLAINT_REWARD_INVALID', { outcome: r.outcome, reward: state, action: input.action });
    let after: Record<string, unknown>;
    if (input.action === 'grant' || input.action === 'refuse') {
      if (input.action === 'grant' && !input.amount) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'amount', message: '请填写奖励金额' }] });
      if (input.action === 'refuse' && !input.note) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'note', message: '请填写不予奖励的理由' }] });
      after = { decision: next, amount: input.action === 'grant' ? input.amount! : null, note: input.note ?? null };
      await trx
        .insertInto('complaint_reward')
        .values({ complaint_id: r.id, decision: next as 'granted' | 'refused', amount: input.action === 'grant' ? input.amount! : null, note: input.note ?? null, approved_by: p.userId, approver_name: by(p), decided_at: now })
        .execute();
    } else {
      const fields = [];
      if (!input.paidOn) fields.push({ field: 'paidOn', message: '请填写发放日期' });
      else if (input.paidOn > shanghaiDate(now)) fields.push({ field: 'paidOn', message: '发放日期不能晚于今天' });
      if (!input.method) fields.push({ field: 'method', message: '请选择发放方式' });
      if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
      const amount = input.amount ?? r.reward_amount ?? 0;
      after = { paidAmount: amount, paidOn: input.paidOn, method: input.method, reference: input.reference ?? null };
      await trx
        .updateTable('complaint_reward')
        .set({ paid_amount: amount, paid_on: input.paidOn!, pay_method: input.method!, pay_reference: input.reference ?? null, paid_by: p.userId, paid_at: now })
        .where('complaint_id', '=', r.id)
        .where('paid_at', 'is', null)
        .execute();
    }
    await trx.updateTable('complaint').set({ updated_at: now, version: r.version + 1 }).where('id', '=', r.id).execute();
    await repo.addEvent(trx, { complaintId: r.id, at: now, action: `reward_${input.action}`, actorId: p.userId, actorName: by(p), orgId: p.orgId, note: input.note ?? null, data: after });
    await audit.record(trx, audit.actorOf(p), now, [{ action: `complaint.reward_${input.action}`, entityType: 'complaint', entityId: String(r.id), regionCode: r.region_code, before: { reward: state }, after: { reward: next, ...after } }]);
  });
  return get(ctx, p, id);
}

const TYPES: Record<string, { ext: string; magic: (b: Buffer) => boolean }> = {
  'image/jpeg': { ext: 'jpg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 },
  'image/png': { ext: 'png', magic: (b) => b.subarray(0, 4).toString('latin1') === '\x89PNG' },
  'application/pdf': { ext: 'pdf', magic: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
};
export const EVIDENCE_TYPES = Object.keys(TYPES);
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

function evidenceDir(ctx: AppContext): string {
  const dir = path.resolve(ctx.config.DATA_DIR, 'complaints');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Stores a file for a complaint the caller handles (not once it is closed); the same file twice is one entry. */
export async function addEvidence(ctx: AppContext, p: Principal, id: number, file: { contentType: string; body: Buffer; name: string; note?: string }): Promise<ComplaintDetailOut> {
  const type = TYPES[file.contentType];
  if (!type || !file.body.length || file.body.length > EVIDENCE_MAX_BYTES || !type.magic(file.body)) throw new AppError('UNSUPPORTED_FILE', { reason: '证据须为 10 MB 以内的 JPEG、PNG 或 PDF 文件' });
  const { db } = ctx.store;
  const r = await repo.getById(db, id, complaintScope(ctx, p));
  if (!r) throw new AppError('COMPLAINT_NOT_FOUND');
  if (r.status === 'closed') throw new AppError('COMPLAINT_ACTION_INVALID', { status: r.status, action: 'evidence' }, { status: '已办结' });
  const sha256 = crypto.createHash('sha256').update(file.body).digest('hex');
  const target = path.join(evidenceDir(ctx), `${sha256}.${type.ext}`);
  if (!fs.existsSync(target)) await writeFileGuarded(target, file.body);
  const now = ctx.clock.now();
  await db.transaction().execute(async (trx) => {
    const added = await trx
      .insertInto('complaint_evidence')
      .values({ complaint_id: r.id, sha256, file_name: file.name, content_type: file.contentType, bytes: file.body.length, note: file.note ?? null, uploaded_by: p.userId, uploaded_at: now })
      .onConflict((oc) => oc.columns(['complaint_id', 'sha256']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!added) return;
    await repo.addEvent(trx, { complaintId: r.id, at: now, action: 'evidence', actorId: p.userId, actorName: by(p), orgId: p.orgId, note: file.note ?? null, data: { sha256, fileName: file.name, bytes: file.body.length } });
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'complaint.evidence', entityType: 'complaint', entityId: String(r.id), regionCode: r.region_code, after: { sha256, fileName: file.name, bytes: file.body.length } }]);
  });
  return get(ctx, p, id);
}

/** An evidence file of a complaint the caller may see. */
export async function readEvidence(ctx: AppContext, p: Principal, id: number, sha256: string): Promise<{ file: string; type: string; name: string }> {
  const r = await repo.getById(ctx.store.db, id, complaintScope(ctx, p));
  if (!r) throw new AppError('COMPLAINT_NOT_FOUND');
  const ev = await ctx.store.db.selectFrom('complaint_evidence').select(['content_type', 'file_name']).where('complaint_id', '=', id).where('sha256', '=', sha256).executeTakeFirst();
  const type = ev && TYPES[ev.content_type];
  if (!ev || !type) throw new AppError('NOT_FOUND');
  const file = path.join(evidenceDir(ctx), `${sha256}.${type.ext}`);
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND');
  return { file, type: ev.content_type, name: ev.file_name };
}
