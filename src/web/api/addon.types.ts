/** The added-elevator module's API shapes (mirrors src/modules/addon/addon.schema.ts). */

export type AddonStatus = 'consultation' | 'agreement' | 'design' | 'notice' | 'review' | 'approved' | 'construction' | 'accepted' | 'registered' | 'contracted' | 'in_service' | 'cancelled';
export type AddonAction = 'confirmConsent' | 'signAgreement' | 'completeDesign' | 'startNotice' | 'submit' | 'approve' | 'reject' | 'startConstruction' | 'accept' | 'register' | 'recordContract' | 'enrol' | 'cancel';
export type SubsidyStatus = 'none' | 'applied' | 'approved' | 'rejected' | 'disbursed';
export type Vote = 'agree' | 'disagree' | 'abstain' | null;

export interface Ratio {
  num: number;
  den: number;
}

export interface AddonRules {
  participation: Ratio;
  approval: Ratio;
  noticeDays: number;
  subsidyByStoreys: { minStoreys: number; amount: number }[];
  deductionPerNonSigning: number;
  registrationDays: number;
}

export interface ConsentTally {
  households: number;
  totalArea: number;
  participants: number;
  participantArea: number;
  consenting: number;
  consentingArea: number;
  participationByHeadcount: boolean;
  participationByArea: boolean;
  approvalByHeadcount: boolean;
  approvalByArea: boolean;
  reached: boolean;
}

export interface SubsidyCalc {
  storeys: number;
  base: number;
  nonSigning: number;
  deductionPer: number;
  deduction: number;
  amount: number;
}

export interface AddonProjectItem {
  id: number;
  regionCode: string;
  regionName: string;
  address: string;
  building: string;
  unit: string;
  storeys: number;
  implementingOrg: { id: number; name: string };
  status: AddonStatus;
  subsidyStatus: SubsidyStatus;
  acceptedOn: string | null;
  registrationDueOn: string | null;
  registrationOverdue: boolean;
  registrationCode: string | null;
  updatedAt: string;
}

export interface Household {
  id: number;
  room: string;
  floor: number;
  area: number;
  ownerName: string;
  vote: Vote;
  signed: boolean;
  share: number | null;
}

export interface AddonProject extends AddonProjectItem {
  streetOffice: { id: number; name: string } | null;
  totalCost: number | null;
  design: Record<string, unknown> | null;
  notice: { days: number | null; startsOn: string | null; endsOn: string | null; pausedSince: string | null; over: boolean };
  approvalNo: string | null;
  approvedOn: string | null;
  constructionOn: string | null;
  registeredOn: string | null;
  contractId: number | null;
  enrolledAt: string | null;
  subsidy: { status: SubsidyStatus; amount: number | null; basis: SubsidyCalc | null; preview: SubsidyCalc; note: string | null };
  note: string | null;
  rules: AddonRules;
  tally: ConsentTally;
  households: Household[];
  objections: { id: number; objector: string; content: string; filedOn: string; status: 'open' | 'resolved'; resolution: string | null; resolvedOn: string | null }[];
  events: { at: string; action: string; fromStatus: string | null; toStatus: string | null; actor: string | null; note: string | null }[];
  actions: AddonAction[];
  version: number;
}

export interface AddonProjectInput {
  regionCode: string;
  address: string;
  building: string;
  unit: string;
  storeys: number;
  implementingOrgId?: number;
  streetOfficeId?: number;
}

export interface HouseholdInput {
  room: string;
  floor: number;
  area: number;
  ownerName: string;
  vote?: Vote;
}

export type StepInput =
  | { action: 'confirmConsent' | 'submit' | 'enrol' }
  | { action: 'signAgreement'; totalCost: number; shares: { householdId: number; share: number; signed: boolean }[] }
  | { action: 'completeDesign'; designer: string; manufacturerName: string; model: string; ratedLoad: number; ratedSpeed: number; stops: number }
  | { action: 'startNotice'; startsOn?: string }
  | { action: 'startConstruction'; startedOn?: string; note?: string }
  | { action: 'accept'; acceptedOn: string }
  | { action: 'recordContract'; maintenanceOrgId: number; startsOn: string; endsOn: string; pricePerYear: number }
  | { action: 'cancel'; reason: string };

export interface RegistrationInput {
  registrationCode: string;
  rescueCode: string;
  certificateNo?: string;
  category?: string;
}

export interface AddonProgress {
  regionCode: string;
  statuses: AddonStatus[];
  rows: { regionCode: string; name: string; total: number; byStatus: Partial<Record<AddonStatus, number>>; overdue: number }[];
}
