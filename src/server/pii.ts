import crypto from 'node:crypto';

/**
 * Personal data at rest: AES-256-GCM for values the platform must show again (phones, TOTP secrets), and a keyed
 * HMAC-SHA256 for values it must find or dedupe by (a phone number) without decrypting every row.
 *
 * Both keys are derived from PII_KEY (32 bytes, base64) with HKDF, so one setting feeds both and a leaked hash key
 * does not decrypt anything. Stored form: `v1:<base64 iv(12) ‖ tag(16) ‖ ciphertext>`; the version prefix lets a
 * later key rotation tell old values from new ones.
 */
export const PII_PREFIX = 'v1:';

/** The development and test key: derived from a fixed string. A production start with it logs a loud warning. */
export const DEV_PII_KEY = crypto.createHash('sha256').update('liftsafe-development-pii-key').digest('base64');

export class PiiCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(keyBase64: string) {
    const master = Buffer.from(keyBase64, 'base64');
    if (master.length !== 32) throw new Error('PII_KEY must be 32 bytes, base64-encoded');
    this.encKey = Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), 'liftsafe pii aes-256-gcm', 32));
    this.macKey = Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), 'liftsafe pii hmac-sha256', 32));
  }

  encrypt(plain: string): string {
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return PII_PREFIX + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
  }

  /** Throws when the value was changed or encrypted under another key (GCM authenticates it). */
  decrypt(stored: string): string {
    if (!isEncrypted(stored)) throw new Error('not an encrypted value');
    const raw = Buffer.from(stored.slice(PII_PREFIX.length), 'base64');
    const d = crypto.createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  }

  encryptNullable(plain: string | null | undefined): string | null {
    return plain === null || plain === undefined || plain === '' ? null : this.encrypt(plain);
  }

  decryptNullable(stored: string | null | undefined): string | null {
    return stored === null || stored === undefined ? null : this.decrypt(stored);
  }

  /** Keyed hash of a phone number (digits only, so "0531-8888 0000" and "053188880000" match). */
  phoneHash(phone: string | null | undefined): string | null {
    const digits = normalizePhone(phone);
    return digits ? crypto.createHmac('sha256', this.macKey).update(digits).digest('hex') : null;
  }
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(PII_PREFIX);
}

export function normalizePhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  return digits || null;
}

const ciphers = new Map<string, PiiCipher>();

/** The cipher of a configuration (one per key, built once). */
export function piiCipher(config: { PII_KEY: string }): PiiCipher {
  let c = ciphers.get(config.PII_KEY);
  if (!c) {
    c = new PiiCipher(config.PII_KEY);
    ciphers.set(config.PII_KEY, c);
  }
  return c;
}
