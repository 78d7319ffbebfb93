import zh from '../../../locales/zh-CN.json' with { type: 'json' };

/**
 * The one error catalogue. Each code has an HTTP status here and a Chinese message for people in
 * locales/zh-CN.json under `errors.<CODE>`; programs match on the code, never on the text.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  NUL_CHARACTER: 400,
  UNSUPPORTED_FILE: 415,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_DISABLED: 403,
  SESSION_EXPIRED: 401,
  SESSION_IDLE: 401,
  SECOND_FACTOR_INVALID: 401,
  SECOND_FACTOR_REUSED: 401,
  SECOND_FACTOR_CHALLENGE_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  ELEVATOR_NOT_FOUND: 404,
  PUBLIC_ELEVATOR_NOT_FOUND: 404,
  ORG_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  REGION_NOT_FOUND: 404,
  IMPORT_NOT_FOUND: 404,
  ELEVATOR_EXISTS: 409,
  RESCUE_CODE_TAKEN: 409,
  CREDIT_CODE_TAKEN: 409,
  USERNAME_TAKEN: 409,
  VERSION_CONFLICT: 409,
  STATUS_TRANSITION_INVALID: 409,
  RESTART_NEEDS_INSPECTION: 409,
  REGION_OUT_OF_SCOPE: 403,
  DEVICE_NOT_FOUND: 404,
  DEVICE_EXISTS: 409,
  PROTOCOL_UNKNOWN: 400,
  DEVICE_ELEVATOR_TAKEN: 409,
  DEVICE_DISABLED: 409,
  ALARM_NOT_FOUND: 404,
  ALARM_ALREADY_CLEARED: 409,
  RULE_KEY_UNKNOWN: 400,
  INCIDENT_NOT_FOUND: 404,
  INCIDENT_ACTION_INVALID: 409,
  REPORT_NOT_FOUND: 404,
  REPORT_NO_TAKEN: 409,
  HAZARD_NOT_FOUND: 404,
  RISK_NOT_SCORED: 404,
  USE_UNIT_REQUIRED: 409,
  STEWARDSHIP_TASK_NOT_FOUND: 404,
  STEWARDSHIP_TASK_CLOSED: 409,
  ASSESSMENT_NOT_FOUND: 404,
  ASSESSMENT_CLOSED: 409,
  HAZARD_ACTION_INVALID: 409,
  FLAG_NOT_FOUND: 404,
  MAINTENANCE_RECORD_NOT_FOUND: 404,
  RECORD_ALREADY_CONFIRMED: 409,
  RENOVATION_PROJECT_NOT_FOUND: 404,
  RENOVATION_ACTION_INVALID: 409,
  RENOVATION_ELEVATOR_IN_PROJECT: 409,
  RENOVATION_VOTE_NOT_PASSED: 409,
  RENOVATION_FUNDING_NOT_READY: 409,
  RENOVATION_INSPECTION_MISSING: 409,
  ADDON_PROJECT_NOT_FOUND: 404,
  ADDON_PROJECT_EXISTS: 409,
  ADDON_ACTION_INVALID: 409,
  ADDON_CONSENT_NOT_REACHED: 409,
  ADDON_NOTICE_NOT_OVER: 409,
  ADDON_ENROL_INCOMPLETE: 409,
  INSURANCE_PRODUCT_NOT_FOUND: 404,
  INSURANCE_POLICY_NOT_FOUND: 404,
  INSURANCE_CLAIM_NOT_FOUND: 404,
  INSURANCE_POLICY_OVERLAP: 409,
  INSURANCE_ACTION_INVALID: 409,
  PUBLICATION_NOT_FOUND: 404,
  PUBLICATION_REGION_LEVEL: 400,
  PUBLICATION_PERIOD_OPEN: 409,
  PUBLICATION_DRAFT_EXISTS: 409,
  PUBLICATION_NOT_DRAFT: 409,
  PUBLICATION_SELF_REVIEW: 409,
  PUBLICATION_CHANGED: 409,
  CREDIT_ORG_NOT_FOUND: 404,
  CREDIT_EVENT_NOT_FOUND: 404,
  CREDIT_EVENT_NOT_PUBLISHABLE: 409,
  CREDIT_EVENT_SOURCE_OWNED: 409,
  SUPERVISION_CHECK_NOT_FOUND: 404,
  ENFORCEMENT_ACTION_NOT_FOUND: 404,
  ENFORCEMENT_ACTION_INVALID: 409,
  DECISION_NO_TAKEN: 409,
  CAMPAIGN_NOT_FOUND: 404,
  CAMPAIGN_EMPTY: 409,
  CAMPAIGN_CLOSED: 409,
  CAMPAIGN_NOT_ASSIGNED: 403,
  CAMPAIGN_RESULT_RECORDED: 409,
  PERSON_NOT_FOUND: 404,
  PERSON_ID_TAKEN: 409,
  CERTIFICATE_NOT_FOUND: 404,
  CERTIFICATE_TAKEN: 409,
  EMPLOYMENT_NOT_FOUND: 404,
  SAFETY_MANAGER_NOT_ELIGIBLE: 409,
  DETECTION_NOT_FOUND: 404,
  RISK_ITEM_NOT_FOUND: 404,
  ADVICE_NOT_FOUND: 404,
  ADVICE_NO_ELEVATORS: 409,
  ADVICE_ALREADY_ACKNOWLEDGED: 409,
  COMPLAINT_NOT_FOUND: 404,
  COMPLAINT_ACTION_INVALID: 409,
  COMPLAINT_REWARD_INVALID: 409,
  RATE_LIMITED: 429,
  LOGIN_RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  STORE_UNAVAILABLE: 503,
  STORAGE_FULL: 507,
  STORAGE_SLOW: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const messages = (zh as { errors: Record<string, string> }).errors;

/** Chinese message for a code; `{name}` placeholders are filled from params. */
export function errorMessage(code: ErrorCode, params: Record<string, unknown> = {}): string {
  const template = messages[code] ?? messages.INTERNAL;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: { fields?: FieldError[]; [k: string]: unknown },
    params: Record<string, unknown> = {},
  ) {
    super(errorMessage(code, params));
    this.status = ERROR_STATUS[code];
  }
}

/** The body every error response has: `{ error: { code, message, details? } }`. */
export function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

/**
 * Failures of what the server stands on, told apart from bugs: the database unreachable or restarting (a pooled
 * connection ended by a server restart, a refused or timed-out connect, an admin shutdown) and a full disk. Each is a
 * state an operator fixes and a caller retries, so it gets its own code instead of INTERNAL (found by `npm run
 * faults`: a PostgreSQL restart answered 500 INTERNAL, a full disk too).
 */
export function infrastructureError(err: unknown): 'STORE_UNAVAILABLE' | 'STORAGE_FULL' | undefined {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (code === 'ENOSPC' || code === 'EDQUOT') return 'STORAGE_FULL';
    // SQLSTATE class 08 (connection exception), 57P01–57P03 (admin/crash shutdown, cannot connect now), 53300 (too many connections).
    if (/^08...$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return 'STORE_UNAVAILABLE';
    if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT') return 'STORE_UNAVAILABLE';
    const message = typeof e.message === 'string' ? e.message : '';
    // node-postgres states these only in its messages.
    if (/^Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/.test(message)) return 'STORE_UNAVAILABLE';
  }
  return undefined;
}
