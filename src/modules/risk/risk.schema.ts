import { z } from 'zod';
import { FACTORS } from './risk.domain.ts';

const Region = z.string().regex(/^\d{2,6}$/);
const Page = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) };

/** Fixed interface: GET /api/risk/elevators/<registrationCode>. */
export const RiskOut = z.object({
  score: z.number(),
  grade: z.number().int(),
  factors: z.array(z.object({ name: z.enum(FACTORS), value: z.union([z.number(), z.string()]).nullable(), contribution: z.number() })),
  modelVersion: z.number().int(),
  computedAt: z.string(),
});
export type RiskOut = z.infer<typeof RiskOut>;

export const OldListQuery = z.object({
  regionCode: Region.optional(),
  tier: z.enum(['15', '20', 'overspeed']),
  placeType: z.string().max(20).optional(),
  useUnitId: z.coerce.number().int().positive().optional(),
  sort: z.enum(['age', 'risk']).default('age'),
  ...Page,
});
export type OldListQuery = z.infer<typeof OldListQuery>;

export const OldItem = z.object({
  registrationCode: z.string(),
  address: z.string(),
  regionCode: z.string(),
  category: z.string(),
  placeType: z.string(),
  useUnit: z.string().nullable(),
  registrationDate: z.string().nullable(),
  manufactureDate: z.string().nullable(),
  ascendingOverspeedProtection: z.boolean().nullable(),
  tiers: z.array(z.enum(['15', '20', 'overspeed'])),
  riskScore: z.number().nullable(),
  riskGrade: z.number().nullable(),
});
/** Fixed interface: GET /api/risk/old-elevators. */
export const OldListOut = z.object({ items: z.array(OldItem), total: z.number() });

export const OldSummaryOut = z.object({
  regionCode: z.string().nullable(),
  totals: z.object({ inUse: z.number(), tier15: z.number(), tier20: z.number(), overspeed: z.number(), noRegistrationDate: z.number() }),
  byRegion: z.array(z.object({ regionCode: z.string(), name: z.string(), tier15: z.number(), tier20: z.number(), overspeed: z.number() })),
  byPlaceType: z.array(z.object({ placeType: z.string(), tier15: z.number(), tier20: z.number(), overspeed: z.number() })),
});

export const RankingQuery = z.object({ regionCode: Region.optional(), grade: z.coerce.number().int().min(1).max(4).optional(), placeType: z.string().max(20).optional(), ...Page });
export const RankingOut = z.object({
  items: z.array(
    z.object({
      registrationCode: z.string(),
      address: z.string(),
      regionCode: z.string(),
      placeType: z.string(),
      score: z.number(),
      grade: z.number(),
      topFactors: z.array(z.object({ name: z.enum(FACTORS), contribution: z.number() })),
    }),
  ),
  total: z.number(),
  grades: z.array(z.object({ grade: z.number(), count: z.number() })),
});

const Weights = z.object(Object.fromEntries(FACTORS.map((f) => [f, z.number().min(0).max(100)])) as Record<(typeof FACTORS)[number], z.ZodNumber>);
export const ModelParams = z.object({
  weights: Weights,
  thresholds: z.tuple([z.number(), z.number(), z.number()]),
  scales: z.object({
    ageYears: z.number().positive(),
    faults12m: z.number().positive(),
    entrapments12m: z.number().positive(),
    defectPoints: z.number().positive(),
    overdueDays: z.number().positive(),
    flags12m: z.number().positive(),
    complaints12m: z.number().positive(),
  }),
  seriousDefectWeight: z.number().min(1).max(10),
  conclusionValues: z.object({ pass: z.number().min(0).max(1), pass_after_reinspection: z.number().min(0).max(1), pending: z.number().min(0).max(1), fail: z.number().min(0).max(1), fail_after_reinspection: z.number().min(0).max(1), none: z.number().min(0).max(1) }),
  categoryFactors: z.record(z.string().regex(/^\d{4}$/), z.number().min(0).max(1)),
  placeFactors: z.record(z.string().max(20), z.number().min(0).max(1)),
  defaultCategoryFactor: z.number().min(0).max(1),
});
export const ModelOut = z.object({ version: z.number(), params: ModelParams, note: z.string().nullable(), createdAt: z.string() });
export const ModelInput = z.object({ params: ModelParams, note: z.string().trim().min(1).max(500) });

export const RecomputeOut = z.object({ jobId: z.string() });
export const RecomputeStatus = z.object({
  jobId: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  done: z.number(),
  total: z.number(),
  written: z.number(),
  error: z.string().nullable(),
});
