import { z } from 'zod';
import { ORG_TYPES } from '../auth/roles.ts';
import { CREDIT_GRADES, CREDIT_KINDS } from './credit.domain.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const Sha = z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位十六进制 SHA-256');
/** 统一社会信用代码: 18 characters (digits and capitals without I, O, S, V, Z); the check character is the orgs module's. */
export const CreditCodeParam = z.object({ creditCode: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, '统一社会信用代码应为18位') });

export const CreditEventOut = z.object({
  id: z.number(),
  kind: z.enum(CREDIT_KINDS),
  sourceType: z.string(),
  sourceId: z.string(),
  points: z.number(),
  summary: z.string(),
  evidence: z.object({ text: z.string().nullable(), files: z.array(z.string()) }),
  occurredOn: z.string(),
  /** The first day the event no longer counts (the window's end). */
  expiresOn: z.string(),
  /** Counts in today's score: not revoked, inside the window. */
  counts: z.boolean(),
  regionCode: z.string(),
  published: z.boolean(),
  publishedAt: z.string().nullable(),
  revoked: z.boolean(),
  revokedReason: z.string().nullable(),
  recordedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type CreditEventOut = z.infer<typeof CreditEventOut>;

export const ScorePoint = z.object({ at: z.string(), score: z.number(), grade: z.enum(CREDIT_GRADES), reason: z.string(), eventId: z.number().nullable() });

/** Fixed interface (issue 8): `{ score, grade, events }`, plus who the file is about and the score's history. */
export const CreditFileOut = z.object({
  orgId: z.number(),
  creditCode: z.string().nullable(),
  name: z.string(),
  type: z.string(),
  regionCode: z.string(),
  score: z.number(),
  grade: z.enum(CREDIT_GRADES),
  computedOn: z.string().nullable(),
  events: z.array(CreditEventOut),
  history: z.array(ScorePoint),
});
export type CreditFileOut = z.infer<typeof CreditFileOut>;

/** The public file: published events only, without evidence, sources, ids or who recorded them. */
export const PublicCreditFileOut = z.object({
  creditCode: z.string(),
  name: z.string(),
  type: z.string(),
  score: z.number(),
  grade: z.enum(CREDIT_GRADES),
  events: z.array(z.object({ kind: z.enum(CREDIT_KINDS), summary: z.string(), points: z.number(), occurredOn: z.string(), publishedAt: z.string() })),
});
export type PublicCreditFileOut = z.infer<typeof PublicCreditFileOut>;

export const CreditListQuery = z.object({
  type: z.enum(ORG_TYPES).optional(),
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  grade: z.enum(CREDIT_GRADES).optional(),
  /** Name or credit code (substring / prefix). */
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type CreditListQuery = z.infer<typeof CreditListQuery>;

export const CreditListOut = z.object({
  items: z.array(
    z.object({
      orgId: z.number(),
      creditCode: z.string().nullable(),
      name: z.string(),
      type: z.string(),
      regionCode: z.string(),
      score: z.number(),
      grade: z.enum(CREDIT_GRADES),
      events: z.number(),
      lastEventOn: z.string().nullable(),
    }),
  ),
  total: z.number(),
  /** Organisations in the filter by grade (the cockpit's credit outliers are C and D). */
  byGrade: z.object({ A: z.number(), B: z.number(), C: z.number(), D: z.number() }),
});
export type CreditListOut = z.infer<typeof CreditListOut>;

export const CommendationInput = z.object({
  summary: z.string().trim().min(1, '请填写表彰事由').max(500),
  evidenceText: z.string().trim().max(2000).optional(),
  files: z.array(Sha).max(20).optional(),
  occurredOn: Day.optional(),
  /** Default: the rule table's commendation points. */
  points: z.number().positive().max(20).optional(),
  /** Publish at once (a commendation is usually announced). */
  publish: z.boolean().default(false),
});
export type CommendationInput = z.infer<typeof CommendationInput>;

export const RevokeInput = z.object({ reason: z.string().trim().min(1, '请填写撤销原因').max(500) });

export const RulesOut = z.object({ regionCode: z.string(), rules: z.record(z.string(), z.number()) });
