import type { AppContext } from '../../server/context.ts';
import { piiCipher } from '../../server/pii.ts';
import { can, type Principal } from '../auth/principal.ts';
import { clocks, formatTrackingCode, isOverdue, type Clock } from './complaints.domain.ts';
import type { ComplaintRow } from './complaints.repo.ts';
import type { ComplaintOut, PublicReportStatus } from './complaints.schema.ts';

/** Presenters: the staff view (contact masked for those who do not handle complaints) and the reporter's view. */

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const clockOut = (k: Clock) => ({ dueAt: k.dueAt.toISOString(), doneAt: iso(k.doneAt), secondsLeft: k.secondsLeft, overdue: k.overdue });
const org = (id: number | null, name: string | null) => (id !== null ? { id, name: name ?? '' } : null);

function timing(r: ComplaintRow, now: Date) {
  const k = clocks({ ackDueAt: r.ack_due_at, acknowledgedAt: r.acknowledged_at, outcomeDueAt: r.outcome_due_at, decidedAt: r.decided_at }, now);
  return { acknowledge: clockOut(k.acknowledge), outcome: { ...clockOut(k.outcome), extended: r.extended_at !== null } };
}

/** Masks all but the first 3 and last 2 characters (a phone 138******78). */
export function maskContact(v: string | null): string | null {
  if (!v) return v;
  if (v.length <= 5) return '*'.repeat(v.length);
  return `${v.slice(0, 3)}${'*'.repeat(v.length - 5)}${v.slice(-2)}`;
}

export function present(ctx: AppContext, p: Principal, r: ComplaintRow, now: Date): ComplaintOut {
  const handles = can(p, 'complaints.handle');
  return {
    id: r.id,
    trackingCode: formatTrackingCode(r.tracking_code),
    channel: r.channel,
    category: r.category,
    description: r.description,
    status: r.status,
    elevator: r.registration_code ? { registrationCode: r.registration_code, address: r.elevator_address ?? '' } : null,
    codeGiven: r.code_given,
    address: r.address,
    regionCode: r.region_code,
    regionName: ctx.regions.fullName(r.region_code) || r.region_code,
    regulator: org(r.regulator_org_id, r.regulator_name),
    useUnit: org(r.use_unit_id, r.use_unit_name),
    maintenance: org(r.maintenance_org_id, r.maintenance_name),
    responsibleOrg: org(r.responsible_org_id, r.responsible_name),
    anonymous: r.anonymous,
    reporterName: handles ? r.reporter_name : r.reporter_name && '***',
    reporterContact: handles ? piiCipher(ctx.config).decryptNullable(r.reporter_contact) : maskContact(piiCipher(ctx.config).decryptNullable(r.reporter_contact)),
    receivedAt: r.received_at.toISOString(),
    ...timing(r, now),
    overdue: isOverdue({ status: r.status, ackDueAt: r.ack_due_at, acknowledgedAt: r.acknowledged_at, outcomeDueAt: r.outcome_due_at, decidedAt: r.decided_at }, now),
    result: r.outcome,
    resultText: r.outcome_text,
    closedAt: iso(r.closed_at),
    linkedToId: r.linked_to_id,
    repeats: r.repeats,
    hazardId: r.hazard_id,
    reward: r.reward_decision
      ? {
          decision: r.reward_decision,
          amount: r.reward_amount,
          note: r.reward_note,
          approverName: r.approver_name ?? '',
          decidedAt: r.reward_decided_at!.toISOString(),
          paid: r.paid_at ? { amount: r.paid_amount ?? 0, paidOn: r.paid_on ?? '', method: r.pay_method ?? 'other', reference: r.pay_reference, at: r.paid_at.toISOString() } : null,
        }
      : null,
    version: r.version,
  };
}

/**
 * The reporter's view behind a tracking code: status, the two countdowns, the regulator handling it, the outcome
 * once decided and the reward. Built field by field from what may be public: no description (the reporter may have
 * written names into it), no contact, no staff names, no organisation the complaint is about.
 */
export function presentPublic(r: ComplaintRow, now: Date): PublicReportStatus {
  const rewardStatus = r.paid_at ? 'paid' : (r.reward_decision ?? 'none');
  return {
    trackingCode: formatTrackingCode(r.tracking_code),
    category: r.category,
    status: r.status,
    receivedAt: r.received_at.toISOString(),
    handledBy: r.regulator_name,
    ...timing(r, now),
    result: r.outcome,
    resultText: r.outcome ? r.outcome_text : null,
    reward: { status: rewardStatus, amount: rewardStatus === 'granted' || rewardStatus === 'paid' ? (r.paid_amount ?? r.reward_amount) : null },
    linked: r.linked_to_id !== null,
  };
}
