/** Shapes of /api/personnel (see docs/openapi.json). No shape carries an ID number: only its masked form. */
export type CertificateKind = 'A' | 'T' | 'inspector';
export type EmploymentRole = 'safety_manager' | 'maintenance_worker' | 'inspector' | 'other';
export type DetectionKind = 'multi_employer' | 'never_seen' | 'manager_overload' | 'expired_in_use';
export type DetectionStatus = 'open' | 'confirmed' | 'dismissed';

export interface OrgRef {
  id: number;
  name: string;
}

export interface Certificate {
  id: number;
  kind: CertificateKind;
  number: string;
  qualification: string | null;
  authority: string | null;
  issuedOn: string | null;
  expiresOn: string | null;
  state: 'valid' | 'expiring' | 'expired' | 'unknown';
  source: 'manual' | 'maintenance_worker' | 'inspector';
}

export interface Employment {
  id: number;
  org: OrgRef;
  role: EmploymentRole;
  certificateNo: string | null;
  employedFrom: string;
  employedTo: string | null;
  source: 'personnel' | 'maintenance_worker' | 'inspector';
}

export interface PersonSummary {
  id: number;
  name: string;
  idMasked: string | null;
  phoneMasked: string | null;
  verified: boolean;
  certificates: Certificate[];
  orgs: OrgRef[];
}

export interface Person extends PersonSummary {
  employments: Employment[];
  safetyManagerOf: { total: number; elevators: { registrationCode: string; address: string; since: string }[] };
}

export interface PersonInput {
  name: string;
  idNumber: string;
  phone?: string;
  employment: { role: EmploymentRole; employedFrom: string; employedTo?: string };
}

export interface CertificateInput {
  kind: CertificateKind;
  number: string;
  qualification?: string;
  authority?: string;
  issuedOn?: string;
  expiresOn?: string;
}

export interface ManagerLoad {
  person: { id: number; name: string };
  useUnits: OrgRef[];
  elevators: number;
  cap: number;
  over: boolean;
}

export interface Detection {
  id: number;
  kind: DetectionKind;
  subjectName: string;
  personId: number | null;
  certificateNo: string | null;
  summary: string;
  evidence: Record<string, unknown>;
  active: boolean;
  status: DetectionStatus;
  note: string | null;
  reviewedAt: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
}
