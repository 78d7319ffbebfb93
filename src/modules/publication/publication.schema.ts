import { z } from 'zod';
import { StatsOut } from '../emergency/kpi.service.ts';

/** A calendar quarter, e.g. 2026Q3. */
export const Period = z.string().regex(/^\d{4}Q[1-4]$/, '期间格式应为 YYYYQn，例如 2026Q3');
const Region6 = z.string().regex(/^\d{6}$/, '行政区划代码应为 6 位数字');

export const PUBLICATION_STATUSES = ['draft', 'published', 'superseded', 'discarded'] as const;

const Coverage = z.object({ inUse: z.number(), covered: z.number(), coverage: z.number().nullable() });

/**
 * The figures of one release, frozen when it is prepared. Everything in here is public once approved, so only
 * aggregates and the names of companies (already public through the grades page) go in: never a person.
 */
export const ReleaseContent = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  period: z.string(),
  from: z.string(),
  to: z.string(),
  /** When the figures were computed (registry counts are as of this moment). */
  computedAt: z.string(),
  emergency: z.object({
    summary: StatsOut,
    byRegion: z.array(StatsOut.extend({ regionCode: z.string(), name: z.string() })),
  }),
  inspection: Coverage.extend({
    byRegion: z.array(Coverage.extend({ regionCode: z.string(), name: z.string() })),
  }),
  maintenance: z.object({
    /** The month whose grades are published: the quarter's last month. */
    gradePeriod: z.string(),
    grades: z.object({ A: z.number(), B: z.number(), C: z.number(), D: z.number() }),
    companies: z.array(z.object({ name: z.string(), grade: z.enum(['A', 'B', 'C', 'D']), score: z.number() })),
  }),
});
export type ReleaseContent = z.infer<typeof ReleaseContent>;

export const PrepareInput = z.object({
  regionCode: Region6,
  period: Period,
  /** Required when the period already has a published release: what the new version corrects. */
  correctionNote: z.string().trim().min(1).max(1000).optional(),
});

export const ApproveInput = z.object({
  /** The hash of the content the reviewer saw: approving something else is refused. */
  contentSha256: z.string().regex(/^[0-9a-f]{64}$/),
  note: z.string().trim().max(1000).optional(),
});
export const DiscardInput = z.object({ note: z.string().trim().min(1).max(1000) });

const Meta = z.object({
  id: z.number(),
  regionCode: z.string(),
  regionName: z.string(),
  period: z.string(),
  version: z.number(),
  status: z.enum(PUBLICATION_STATUSES),
  correctionNote: z.string().nullable(),
  publishedAt: z.string().nullable(),
  supersededBy: z.number().nullable(),
});

export const PublicationOut = Meta.extend({
  contentSha256: z.string(),
  preparedBy: z.string(),
  preparedAt: z.string(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  content: ReleaseContent,
  /** What the caller may do now: approve (not the preparer), discard. */
  actions: z.array(z.enum(['approve', 'discard'])),
});
export const PublicationListQuery = z.object({
  regionCode: z.string().regex(/^\d{2,6}$/).optional(),
  period: Period.optional(),
  status: z.enum(PUBLICATION_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const PublicationListOut = z.object({
  items: z.array(Meta.extend({ preparedBy: z.string(), preparedAt: z.string(), reviewedBy: z.string().nullable() })),
  total: z.number(),
});

/** The public face: what was published, when, and the figures; no names of the officials who did it. */
export const PublicReleaseMeta = Meta.omit({ status: true }).extend({ status: z.enum(['published', 'superseded']) });
export const PublicReleaseListQuery = z.object({
  regionCode: Region6.optional(),
  period: Period.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const PublicReleaseListOut = z.object({ items: z.array(PublicReleaseMeta), total: z.number() });
export const PublicReleaseOut = PublicReleaseMeta.extend({ contentSha256: z.string(), content: ReleaseContent });
