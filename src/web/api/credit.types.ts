/** Credit files (信用档案): shapes of /api/credit/* and /api/public/credit/*. */
export type CreditKind =
  | 'penalty'
  | 'warning'
  | 'interview'
  | 'exposure'
  | 'listed_supervision'
  | 'complaint_confirmed'
  | 'report_flag_upheld'
  | 'maintenance_grade'
  | 'accident'
  | 'commendation';
export type CreditGrade = 'A' | 'B' | 'C' | 'D';

export interface CreditEvent {
  id: number;
  kind: CreditKind;
  sourceType: string;
  sourceId: string;
  points: number;
  summary: string;
  evidence: { text: string | null; files: string[] };
  occurredOn: string;
  expiresOn: string;
  counts: boolean;
  regionCode: string;
  published: boolean;
  publishedAt: string | null;
  revoked: boolean;
  revokedReason: string | null;
  recordedBy: string | null;
  createdAt: string;
}

export interface ScorePoint {
  at: string;
  score: number;
  grade: CreditGrade;
  reason: string;
  eventId: number | null;
}

export interface CreditFile {
  orgId: number;
  creditCode: string | null;
  name: string;
  type: string;
  regionCode: string;
  score: number;
  grade: CreditGrade;
  computedOn: string | null;
  events: CreditEvent[];
  history: ScorePoint[];
}

export interface CreditListItem {
  orgId: number;
  creditCode: string | null;
  name: string;
  type: string;
  regionCode: string;
  score: number;
  grade: CreditGrade;
  events: number;
  lastEventOn: string | null;
}

export interface CreditList {
  items: CreditListItem[];
  total: number;
  byGrade: Record<CreditGrade, number>;
}

export interface CreditListQuery {
  type?: string;
  regionCode?: string;
  grade?: CreditGrade;
  q?: string;
  page?: number;
  pageSize?: number;
}
