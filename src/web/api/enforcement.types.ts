/** Enforcement (执法监督): shapes of /api/enforcement/*. */
export type ActionKind = 'warning' | 'interview' | 'exposure' | 'listed_supervision' | 'penalty';
export type ActionStatus = 'open' | 'closed' | 'revoked';
export type ActionStep = 'follow_up' | 'close' | 'revoke' | 'publish';

export interface OrgRef {
  id: number;
  creditCode: string | null;
  name: string;
}

export interface SupervisionCheck {
  id: number;
  regionCode: string;
  regulator: OrgRef;
  target: OrgRef | null;
  elevators: { registrationCode: string; address: string }[];
  checkedOn: string;
  inspectors: { id: number; name: string }[];
  summary: string;
  findings: { id: number; registrationCode: string | null; description: string; severity: 'serious' | 'general'; hazardId: number | null }[];
  actions: { id: number; kind: ActionKind; status: ActionStatus }[];
  createdAt: string;
}

export interface CheckInput {
  targetCreditCode?: string;
  registrationCodes?: string[];
  checkedOn: string;
  inspectorIds?: number[];
  summary: string;
  findings?: { registrationCode?: string; description: string; severity: 'serious' | 'general'; raiseHazard?: boolean }[];
}

export interface EnforcementAction {
  id: number;
  kind: ActionKind;
  status: ActionStatus;
  regionCode: string;
  regulator: OrgRef;
  target: OrgRef;
  checkId: number | null;
  reason: string;
  legalBasis: string;
  deadline: string | null;
  overdueDays: number;
  overdueFlagged: boolean;
  penalty: { amount: number; decisionNo: string } | null;
  followUps: { at: string; by: string; note: string; fileSha256: string | null }[];
  closureNote: string | null;
  closedAt: string | null;
  published: boolean;
  publishedAt: string | null;
  creditEventId: number | null;
  createdAt: string;
}

export interface ActionInput {
  kind: ActionKind;
  targetCreditCode: string;
  checkId?: number;
  reason: string;
  legalBasis: string;
  deadline?: string;
  penalty?: { amount: number; decisionNo: string };
  publish?: boolean;
}

export interface CampaignCriteria {
  regionCode?: string;
  category?: string;
  placeType?: string;
  status?: string;
  ageTier?: '15' | '20' | 'overspeed';
  minRiskGrade?: number;
  hasOpenHazards?: boolean;
}

export interface CampaignPreview {
  total: number;
  byRegion: { regionCode: string; name: string; count: number }[];
  sample: { registrationCode: string; address: string; regionCode: string }[];
}

export interface Progress {
  total: number;
  done: number;
  ok: number;
  hazard: number;
}

export interface Campaign {
  id: number;
  name: string;
  regionCode: string;
  criteria: CampaignCriteria;
  assignment: 'round_robin' | 'by_county';
  status: 'active' | 'closed';
  endsOn: string;
  overdue: boolean;
  progress: Progress;
  byRegion: (Progress & { regionCode: string; name: string })[];
  byInspector: (Progress & { userId: number; name: string })[];
  createdAt: string;
}

export interface CampaignElevator {
  registrationCode: string;
  address: string;
  regionCode: string;
  inspector: { id: number; name: string };
  result: 'pending' | 'ok' | 'hazard';
  note: string | null;
  hazardId: number | null;
  recordedAt: string | null;
}

export interface Inspector {
  id: number;
  name: string;
  orgName: string;
  regionCode: string;
}
