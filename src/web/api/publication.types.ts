/** Shapes of /api/publications and /api/public/releases (src/modules/publication/publication.schema.ts). */
import type { EmergencyStats } from './emergency.types.ts';

export type PublicationStatus = 'draft' | 'published' | 'superseded' | 'discarded';

export interface CoverageFigures {
  inUse: number;
  covered: number;
  coverage: number | null;
}

export interface ReleaseContent {
  regionCode: string;
  regionName: string;
  period: string;
  from: string;
  to: string;
  computedAt: string;
  emergency: { summary: EmergencyStats; byRegion: (EmergencyStats & { regionCode: string; name: string })[] };
  inspection: CoverageFigures & { byRegion: (CoverageFigures & { regionCode: string; name: string })[] };
  maintenance: { gradePeriod: string; grades: { A: number; B: number; C: number; D: number }; companies: { name: string; grade: 'A' | 'B' | 'C' | 'D'; score: number }[] };
}

export interface ReleaseMeta {
  id: number;
  regionCode: string;
  regionName: string;
  period: string;
  version: number;
  status: PublicationStatus;
  correctionNote: string | null;
  publishedAt: string | null;
  supersededBy: number | null;
}

export interface PublicationListItem extends ReleaseMeta {
  preparedBy: string;
  preparedAt: string;
  reviewedBy: string | null;
}

export interface Publication extends PublicationListItem {
  contentSha256: string;
  reviewedAt: string | null;
  reviewNote: string | null;
  content: ReleaseContent;
  actions: ('approve' | 'discard')[];
}

export interface PublicRelease extends ReleaseMeta {
  contentSha256: string;
  content: ReleaseContent;
}
