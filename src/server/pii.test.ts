import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { DEV_PII_KEY, PiiCipher, isEncrypted, normalizePhone } from './pii.ts';
import { loadConfig } from './config.ts';

const key = crypto.randomBytes(32).toString('base64');

test('AES-256-GCM round trip; the stored form holds no plaintext and differs every time', () => {
  const c = new PiiCipher(key);
  const a = c.encrypt('13812345678');
  const b = c.encrypt('13812345678');
  assert.ok(isEncrypted(a));
  assert.notEqual(a, b, 'random IV');
  assert.ok(!a.includes('13812345678') && !Buffer.from(a.slice(3), 'base64').toString('latin1').includes('13812345678'));
  assert.equal(c.decrypt(a), '13812345678');
  assert.equal(c.decrypt(c.encrypt('张三 zhang@example.com')), '张三 zhang@example.com');
  assert.equal(c.encryptNullable(null), null);
  assert.equal(c.encryptNullable(''), null);
  assert.equal(c.decryptNullable(null), null);
});

test('a changed ciphertext or another key is refused (GCM authentication)', () => {
  const c = new PiiCipher(key);
  const v = c.encrypt('13812345678');
  const raw = Buffer.from(v.slice(3), 'base64');
  raw[raw.length - 1] ^= 1;
  assert.throws(() => c.decrypt('v1:' + raw.toString('base64')));
  assert.throws(() => new PiiCipher(crypto.randomBytes(32).toString('base64')).decrypt(v));
  assert.throws(() => c.decrypt('13812345678'), /not an encrypted value/);
});

test('the phone hash is keyed and ignores formatting', () => {
  const c = new PiiCipher(key);
  assert.equal(c.phoneHash('138 1234 5678'), c.phoneHash('13812345678'));
  assert.equal(c.phoneHash('+86 138-1234-5678'), c.phoneHash('13812345678'));
  assert.equal(c.phoneHash('0531-8888 0000'), c.phoneHash('053188880000'));
  assert.notEqual(c.phoneHash('13812345678'), new PiiCipher(crypto.randomBytes(32).toString('base64')).phoneHash('13812345678'));
  assert.notEqual(c.phoneHash('13812345678'), crypto.createHash('sha256').update('13812345678').digest('hex'));
  assert.equal(c.phoneHash(null), null);
  assert.equal(normalizePhone('8613812345678'), '13812345678');
});

test('PII_KEY: 32 bytes base64 or the development key (flagged)', () => {
  const dev = loadConfig({});
  assert.equal(dev.PII_KEY, DEV_PII_KEY);
  assert.equal(dev.piiKeyIsDefault, true);
  const set = loadConfig({ PII_KEY: key });
  assert.equal(set.PII_KEY, key);
  assert.equal(set.piiKeyIsDefault, false);
  assert.throws(() => loadConfig({ PII_KEY: crypto.randomBytes(16).toString('base64') }), /PII_KEY/);
  assert.throws(() => loadConfig({ PII_KEY: 'not base64 at all!' }), /PII_KEY/);
});
