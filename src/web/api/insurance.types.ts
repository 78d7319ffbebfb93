/** The insurance module's API shapes (mirrors src/modules/insurance/insurance.schema.ts). */

export type ProductKind = 'liability' | 'service' | 'pension';
export type Payer = 'use_unit' | 'owners' | 'maintenance_fund' | 'insurer';
export type ClaimStatus = 'filed' | 'accepted' | 'approved' | 'paid' | 'rejected' | 'withdrawn';
export type ClaimAction = 'accept' | 'approve' | 'pay' | 'reject' | 'withdraw';

export interface PremiumRule {
  base: number;
  byCategory?: Record<string, number>;
  ageBands?: { minYears: number; factor: number }[];
}

export interface Product {
  id: number;
  insurer: { id: number; name: string };
  name: string;
  kind: ProductKind;
  coverage: { perAccident?: number; perPerson?: number; items: string[] };
  premiumRule: PremiumRule;
  active: boolean;
}

export interface ProductInput {
  name: string;
  kind: ProductKind;
  coverage: Product['coverage'];
  premiumRule: PremiumRule;
  active?: boolean;
}

export interface Policy {
  id: number;
  policyNo: string;
  product: { id: number; name: string; kind: ProductKind };
  insurer: { id: number; name: string };
  registrationCode: string;
  address: string;
  regionCode: string;
  startsOn: string;
  endsOn: string;
  premium: number;
  subsidy: number;
  basis: Record<string, unknown>;
  payer: Payer;
  status: 'active' | 'cancelled';
  inForce: boolean;
  lapsed: boolean;
}

export interface PolicyInput {
  policyNo: string;
  productId: number;
  registrationCode: string;
  startsOn: string;
  endsOn: string;
  payer: Payer;
}

export interface Claim {
  id: number;
  policyId: number;
  policyNo: string;
  insurer: { id: number; name: string };
  registrationCode: string;
  address: string;
  occurredOn: string;
  description: string;
  amountClaimed: number;
  amountPaid: number | null;
  status: ClaimStatus;
  incident: { id: number; type: string; receivedAt: string } | null;
  alarm: { id: number; type: string; openedAt: string } | null;
  maintenanceRecord: { id: number; startedAt: string } | null;
  hazard: { id: number; description: string; status: string } | null;
  note: string | null;
  actions: ClaimAction[];
  createdAt: string;
}

export interface ClaimInput {
  policyId: number;
  occurredOn: string;
  description: string;
  amountClaimed: number;
  incidentId?: number;
  alarmId?: number;
  maintenanceRecordId?: number;
  hazardId?: number;
}

export interface Linkable {
  incidents: { id: number; type: string; status: string; receivedAt: string }[];
  alarms: { id: number; type: string; severity: string; openedAt: string }[];
  maintenanceRecords: { id: number; cycle: string; startedAt: string }[];
  hazards: { id: number; description: string; status: string; createdAt: string }[];
}

export interface InsuranceCoverageRow {
  regionCode: string;
  name: string;
  inUse: number;
  insured: number;
  rate: number | null;
  lapsed: number;
}
