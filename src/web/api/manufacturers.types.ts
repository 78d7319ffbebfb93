/** Shapes of /api/manufacturers (see docs/openapi.json). */
export type RiskStatus = 'open' | 'controlled' | 'closed';
export type AdviceKind = 'maintenance' | 'safety';

export interface RiskItem {
  id: number;
  manufacturer: { id: number; name: string };
  model: string;
  risk: string;
  controls: string;
  status: RiskStatus;
  reviewOn: string | null;
  reviewDue: boolean;
  updatedAt: string;
  version: number;
}

export interface RiskItemInput {
  model: string;
  risk: string;
  controls: string;
  status: RiskStatus;
  reviewOn?: string;
}

export interface FaultStatRow {
  month: string;
  model: string;
  code: string;
  faults: number;
  elevators: number;
  per100: number;
}

export interface FaultStats {
  months: string[];
  rows: FaultStatRow[];
  byModel: { model: string; elevators: number; faults: number; per100PerMonth: number }[];
}

export interface Advice {
  id: number;
  manufacturer: { id: number; name: string };
  kind: AdviceKind;
  title: string;
  body: string;
  criteria: { models?: string[]; regionCode?: string; registrationCodes?: string[] };
  elevatorCount: number;
  sentAt: string;
  recipients: number;
  acknowledged: number;
  mine: { elevatorCount: number; acknowledgedAt: string | null; note: string | null } | null;
}

export interface AdviceRecipient {
  org: { id: number; name: string };
  role: 'use_unit' | 'maintenance';
  elevatorCount: number;
  acknowledgedAt: string | null;
  note: string | null;
}

export interface AdviceDetail extends Advice {
  recipientList: AdviceRecipient[];
  elevators: { registrationCode: string; address: string; model: string | null }[];
}

export interface AdviceInput {
  kind: AdviceKind;
  title: string;
  body: string;
  models?: string[];
  regionCode?: string;
}

export interface Outstanding extends AdviceRecipient {
  advice: { id: number; title: string; sentAt: string; manufacturer: { id: number; name: string } };
  days: number;
}
