import zh from '../../../locales/zh-CN.json' with { type: 'json' };

/**
 * The one error catalogue. Each code has an HTTP status here and a Chinese message for people in
 * locales/zh-CN.json under `errors.<CODE>`; programs match on the code, never on the text.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNSUPPORTED_FILE: 415,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_DISABLED: 403,
  SESSION_EXPIRED: 401,
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
  COMPLAINT_NOT_FOUND: 404,
  COMPLAINT_ACTION_INVALID: 409,
  COMPLAINT_REWARD_INVALID: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
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
