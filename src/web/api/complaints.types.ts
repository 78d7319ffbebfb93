/** Shapes of the complaints API (src/modules/complaints/complaints.schema.ts). */
export const COMPLAINT_CATEGORIES = ['unsafe', 'no_maintenance', 'fake_records', 'unregistered', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export const COMPLAINT_STATUSES = ['received', 'acknowledged', 'investigating', 'confirmed', 'unfounded', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const COMPLAINT_CHANNELS = ['public', 'phone', 'staff'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];
export const COMPLAINT_ACTIONS = ['acknowledge', 'investigate', 'confirm', 'dismiss', 'close', 'transfer', 'extend'] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];
export type RewardAction = 'grant' | 'refuse' | 'pay';
export type RewardStatus = 'none' | 'granted' | 'refused' | 'paid';

/** One countdown: seconds left while open (negative when late), null once done. */
export interface ComplaintClock {
  dueAt: string;
  doneAt: string | null;
  secondsLeft: number | null;
  overdue: boolean;
}

/** POST /api/public/reports. */
export interface PublicReportInput {
  code?: string;
  category: ComplaintCategory;
  description: string;
  contact?: string;
  regionCode?: string;
  address?: string;
}

/** GET /api/public/reports/:trackingCode: no personal data. */
export interface PublicReportStatus {
  trackingCode: string;
  category: ComplaintCategory;
  status: ComplaintStatus;
  receivedAt: string;
  handledBy: string | null;
  acknowledge: ComplaintClock;
  outcome: ComplaintClock & { extended: boolean };
  result: 'confirmed' | 'unfounded' | null;
  resultText: string | null;
  reward: { status: RewardStatus; amount: number | null };
  linked: boolean;
}

type OrgRef = { id: number; name: string } | null;

export interface ComplaintReward {
  decision: 'granted' | 'refused';
  amount: number | null;
  note: string | null;
  approverName: string;
  decidedAt: string;
  paid: { amount: number; paidOn: string; method: 'bank' | 'cash' | 'other'; reference: string | null; at: string } | null;
}

export interface Complaint {
  id: number;
  trackingCode: string;
  channel: ComplaintChannel;
  category: ComplaintCategory;
  description: string;
  status: ComplaintStatus;
  elevator: { registrationCode: string; address: string } | null;
  codeGiven: string | null;
  address: string | null;
  regionCode: string;
  regionName: string;
  regulator: OrgRef;
  useUnit: OrgRef;
  maintenance: OrgRef;
  responsibleOrg: OrgRef;
  anonymous: boolean;
  reporterName: string | null;
  reporterContact: string | null;
  receivedAt: string;
  acknowledge: ComplaintClock;
  outcome: ComplaintClock & { extended: boolean };
  overdue: boolean;
  result: 'confirmed' | 'unfounded' | null;
  resultText: string | null;
  closedAt: string | null;
  linkedToId: number | null;
  repeats: number;
  hazardId: number | null;
  reward: ComplaintReward | null;
  version: number;
}

export interface ComplaintDetail extends Complaint {
  events: { id: number; at: string; action: string; actorName: string; note: string | null; data: unknown }[];
  evidence: { id: number; sha256: string; fileName: string; contentType: string; bytes: number; note: string | null; uploadedAt: string }[];
  linked: { id: number; trackingCode: string; status: ComplaintStatus; receivedAt: string }[];
  actions: ComplaintAction[];
  rewardActions: RewardAction[];
}

export interface ComplaintQuery {
  status?: ComplaintStatus;
  category?: ComplaintCategory;
  channel?: ComplaintChannel;
  open?: boolean;
  overdue?: boolean;
  mine?: boolean;
  regionCode?: string;
  registrationCode?: string;
  trackingCode?: string;
  page?: number;
  pageSize?: number;
}

export interface ComplaintSummary {
  total: number;
  open: number;
  overdue: number;
  confirmed: number;
  unfounded: number;
  byCategory: { category: ComplaintCategory; total: number; open: number }[];
}

/** POST /api/complaints (dispatcher: phone; regulator: staff). */
export interface ComplaintCreateInput {
  channel: 'phone' | 'staff';
  code?: string;
  category: ComplaintCategory;
  description: string;
  anonymous?: boolean;
  reporterName?: string;
  contact?: string;
  regionCode?: string;
  address?: string;
}

export interface ComplaintCreated {
  id: number;
  trackingCode: string;
  status: ComplaintStatus;
  ackDueAt: string;
  outcomeDueAt: string;
  regulatorName: string | null;
  linkedToId: number | null;
}

export interface ComplaintActionInput {
  action: ComplaintAction;
  note: string;
  resultText?: string;
  regionCode?: string;
  responsibleOrgId?: number;
  hazard?: { item: string; severity: 'serious' | 'general'; remedy?: 'repair' | 'major_repair' | 'modernise' | 'replace'; deadline?: string };
  version?: number;
}

export interface RewardInput {
  action: RewardAction;
  amount?: number;
  note?: string;
  paidOn?: string;
  method?: 'bank' | 'cash' | 'other';
  reference?: string;
}
