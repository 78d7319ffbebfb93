/** Sessions, organisations, users and the audit log (mirrors the server's zod schemas). */

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  orgId: number;
  orgName: string;
  orgType: string;
  regionCode: string;
}

export interface Me extends SessionUser {
  permissions: string[];
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

/** A correct password of an account with administrative permissions: the second factor comes next. */
export interface SecondFactorChallenge {
  secondFactor: { method: 'totp'; step: 'verify' | 'enrol'; challenge: string; expiresAt: string };
}

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
  qrDataUrl: string;
}

export interface Licence {
  kind: string;
  number: string;
  scope: string | null;
  issuedOn: string | null;
  expiresOn: string | null;
  expired?: boolean;
}

export interface Org {
  id: number;
  creditCode: string | null;
  name: string;
  type: string;
  regionCode: string;
  regionName: string;
  address: string | null;
  contactName: string | null;
  contactPhone: string | null;
  hotline: string | null;
  /** Where a rescue station or fire service is (WGS-84), for nearest-station dispatch. */
  longitude?: number | null;
  latitude?: number | null;
  active: boolean;
  licences: Licence[];
}

export type OrgInput = Omit<Org, 'id' | 'regionName' | 'licences'> & { licences: Omit<Licence, 'expired'>[] };

export interface User {
  id: number;
  username: string;
  displayName: string;
  orgId: number;
  orgName: string;
  orgType: string;
  roles: string[];
  phone: string | null;
  active: boolean;
  locked: boolean;
  lastLoginAt: string | null;
  secondFactorEnrolled: boolean;
}

export interface UserCreate {
  username: string;
  displayName: string;
  orgId: number;
  roles: string[];
  phone?: string | null;
  password: string;
}

export interface UserUpdate {
  displayName?: string;
  roles?: string[];
  phone?: string | null;
  active?: boolean;
  password?: string;
  unlock?: boolean;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorName: string | null;
  /** e.g. elevator.create, elevator.status, org.update, user.locked. */
  action: string;
  entityType: string;
  entityId: string;
  regionCode: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  hash: string;
}

export interface AuditVerdict {
  ok: boolean;
  checked: number;
  brokenAt?: number;
}
