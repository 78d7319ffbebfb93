import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base32Decode, base32Encode, hashRecoveryCode, hotp, matchTotp, newRecoveryCodes, newTotpSecret, otpauthUri, totpCode, totpStep } from './totp.ts';

test('RFC 4226 appendix D HOTP vectors', () => {
  const secret = Buffer.from('12345678901234567890');
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  expected.forEach((code, i) => assert.equal(hotp(secret, i), code));
});

test('RFC 6238 appendix B TOTP vectors (SHA1, SHA256, SHA512, 8 digits)', () => {
  const keys = { sha1: '12345678901234567890', sha256: '12345678901234567890123456789012', sha512: '1234567890123456789012345678901234567890123456789012345678901234' } as const;
  const vectors: [number, string, string, string][] = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  for (const [t, s1, s256, s512] of vectors) {
    const step = totpStep(t * 1000);
    assert.equal(hotp(Buffer.from(keys.sha1), step, 8, 'sha1'), s1);
    assert.equal(hotp(Buffer.from(keys.sha256), step, 8, 'sha256'), s256);
    assert.equal(hotp(Buffer.from(keys.sha512), step, 8, 'sha512'), s512);
  }
});

test('base32 round trip and the RFC 4648 vectors', () => {
  assert.equal(base32Encode(Buffer.from('foobar')), 'MZXW6YTBOI');
  assert.equal(base32Decode('MZXW6YTBOI').toString(), 'foobar');
  const s = newTotpSecret();
  assert.equal(s.length, 32);
  assert.equal(base32Decode(s).length, 20);
});

test('a code is accepted within ±1 step, not beyond, and never twice', () => {
  const s = newTotpSecret();
  const t = Date.UTC(2026, 5, 1, 2, 0, 10);
  const code = totpCode(s, t);
  const m = matchTotp(s, code, t, null);
  assert.ok(m && 'step' in m);
  assert.ok(matchTotp(s, code, t + 30_000, null));
  assert.equal(matchTotp(s, code, t + 90_000, null), null);
  // Replay: the same code after it was used, and an older code, are refused as replays.
  assert.deepEqual(matchTotp(s, code, t, (m as { step: number }).step), { replay: true });
  assert.deepEqual(matchTotp(s, totpCode(s, t - 30_000), t, (m as { step: number }).step), { replay: true });
  assert.equal(matchTotp(s, '12345', t, null), null);
  assert.equal(matchTotp(s, 'abcdef', t, null), null);
});

test('otpauth URI and recovery codes', () => {
  const uri = otpauthUri('JBSWY3DPEHPK3PXP', 'admin');
  assert.equal(uri, 'otpauth://totp/LiftSafe%3Aadmin?secret=JBSWY3DPEHPK3PXP&issuer=LiftSafe&algorithm=SHA1&digits=6&period=30');
  const codes = newRecoveryCodes();
  assert.equal(new Set(codes).size, 10);
  for (const c of codes) assert.match(c, /^[a-z2-7]{5}-[a-z2-7]{5}$/);
  assert.equal(hashRecoveryCode(codes[0]), hashRecoveryCode(codes[0].toUpperCase().replace('-', '')));
});
