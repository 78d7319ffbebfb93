import crypto from 'node:crypto';

/**
 * Demo terminals: one per simulated elevator, with a secret derived from the device id so the seeding and the
 * simulator (`npm run simulate`) agree without passing secrets around. Never used outside the demo store.
 */
const DEMO_KEY = 'liftsafe-demo-terminal';

export function demoDeviceSecret(deviceId: string): string {
  return crypto.createHmac('sha256', DEMO_KEY).update(deviceId).digest('base64url').slice(0, 32);
}

/** The demo device id of an elevator: `LS` + registration code (native) or `JT` + registration code (JTC340). */
export function demoDeviceId(registrationCode: string, protocol: 'native' | 'jtc340'): string {
  return `${protocol === 'native' ? 'LS' : 'JT'}${registrationCode}`;
}

/** The JTC340 product key the demo terminals report under. */
export const DEMO_PRODUCT_KEY = 'a1LsDemo340';
