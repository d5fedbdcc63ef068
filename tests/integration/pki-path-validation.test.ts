import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crlRevocationChecker, validatePath, type PathValidationOptions } from '../../main/core/pki';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk as runCliCapture } from '../helpers/run-cli';
import { createTestPki, type TestIdentity, type TestPki } from '../helpers/test-pki';

const missing = missingTools(['openssl']);

describe.skipIf(missing)('RFC 5280 path validation against an openssl ca hierarchy', () => {
  let pki: TestPki;
  let base: PathValidationOptions;
  let crls: Uint8Array[];
  let dataDir: string;
  beforeAll(() => {
    pki = createTestPki();
    crls = [fs.readFileSync(pki.intermediateCrlPath), fs.readFileSync(pki.rootCrlPath)];
    base = {
      trustAnchors: [pki.root.certDer],
      intermediates: [pki.intermediate, pki.expiredIntermediate, pki.pathLenZeroCa, pki.subCa, pki.noKeyCertSignCa, pki.nameConstrainedCa, pki.policyCa].map((item) => item.certDer),
      revocation: crlRevocationChecker(crls),
    };
    dataDir = fs.mkdtempSync(`${pki.dir}/data-`);
  });
  afterAll(() => pki?.cleanup());

  /** OpenSSL's own verdict, as the independent expectation. */
  const opensslAccepts = (leaf: TestIdentity, extra: string[] = []): boolean => {
    const untrusted = pki.file('untrusted.pem', [pki.intermediate, pki.expiredIntermediate, pki.pathLenZeroCa, pki.subCa, pki.noKeyCertSignCa, pki.nameConstrainedCa].map((item) => item.certPem).join(''));
    try {
      pki.openssl(['verify', '-CAfile', pki.root.certPath, '-untrusted', untrusted, ...extra, leaf.certPath]);
      return true;
    } catch {
      return false;
    }
  };

  it('a good leaf validates with every CRL checked', async () => {
    const result = await validatePath(pki.ecLeaf.certDer, base);
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ valid: true, indication: 'TOTAL-PASSED', chainValid: true, revocation: 'good' });
    expect(result.chain.map((item) => item.info.subject)).toEqual([
      'CN=EC Leaf,O=Signdesk Test,C=UA',
      'CN=Signdesk Test Intermediate,O=Signdesk Test,C=UA',
      'CN=Signdesk Test Root,O=Signdesk Test,C=UA',
    ]);
    const crlBundle = pki.file('crls.pem', fs.readFileSync(pki.intermediateCrlPath, 'utf8') + fs.readFileSync(pki.rootCrlPath, 'utf8'));
    expect(opensslAccepts(pki.ecLeaf, ['-crl_check_all', '-CRLfile', crlBundle])).toBe(true);
  });

  it('a revoked leaf fails (TOTAL-FAILED), as OpenSSL says', async () => {
    const result = await validatePath(pki.revokedLeaf.certDer, base);
    expect(result).toMatchObject({ valid: false, indication: 'TOTAL-FAILED', revocation: 'revoked', chainValid: true });
    expect(result.errors.map((error) => error.code)).toEqual(['ERR_CERT_REVOKED']);
    const crlBundle = pki.file('crls.pem', fs.readFileSync(pki.intermediateCrlPath, 'utf8') + fs.readFileSync(pki.rootCrlPath, 'utf8'));
    expect(opensslAccepts(pki.revokedLeaf, ['-crl_check_all', '-CRLfile', crlBundle])).toBe(false);
  });

  it('without a revocation source the status is unknown → INDETERMINATE; skipped when asked', async () => {
    const unknown = await validatePath(pki.ecLeaf.certDer, { ...base, revocation: undefined });
    expect(unknown).toMatchObject({ valid: false, indication: 'INDETERMINATE', revocation: 'unknown', chainValid: true });
    expect(unknown.errors.every((error) => error.code === 'ERR_REVOCATION_UNKNOWN')).toBe(true);
    const skipped = await validatePath(pki.ecLeaf.certDer, { ...base, revocation: 'skip' });
    expect(skipped).toMatchObject({ valid: true, revocation: 'skipped' });
    // A CRL past its nextUpdate does not count.
    const later = crlRevocationChecker(crls, { now: () => new Date(Date.now() + 40 * 86400_000) });
    const stale = await validatePath(pki.ecLeaf.certDer, { ...base, revocation: later });
    expect(stale.revocation).toBe('unknown');
    // The intermediate's CRL alone leaves the intermediate's own status open.
    const partial = await validatePath(pki.ecLeaf.certDer, { ...base, revocation: crlRevocationChecker([crls[0]]) });
    expect(partial.revocation).toBe('unknown');
  });

  it('an expired intermediate fails now and passes at a time inside its validity', async () => {
    const now = await validatePath(pki.leafUnderExpired.certDer, { ...base, revocation: 'skip' });
    expect(now.errors.map((error) => error.code)).toEqual(['ERR_CERT_EXPIRED']);
    expect(now.indication).toBe('INDETERMINATE');
    expect(opensslAccepts(pki.leafUnderExpired)).toBe(false);
    const then = await validatePath(pki.leafUnderExpired.certDer, { ...base, revocation: 'skip', at: new Date('2020-07-01T00:00:00Z') });
    expect(then.errors).toEqual([]);
  });

  it('a pathLen:0 CA cannot have a sub-CA below it', async () => {
    const result = await validatePath(pki.leafUnderSubCa.certDer, { ...base, revocation: 'skip' });
    expect(result.errors.map((error) => error.code)).toEqual(['ERR_CERT_PATH_LENGTH']);
    expect(opensslAccepts(pki.leafUnderSubCa)).toBe(false);
    // The sub-CA itself is fine (path length 0 below the pathLen:0 CA).
    expect((await validatePath(pki.subCa.certDer, { ...base, revocation: 'skip' })).valid).toBe(true);
  });

  it('a CA without keyCertSign cannot issue', async () => {
    const result = await validatePath(pki.leafUnderNoKeyCertSign.certDer, { ...base, revocation: 'skip' });
    expect(result.errors.map((error) => error.code)).toEqual(['ERR_CERT_KEY_USAGE']);
    expect(opensslAccepts(pki.leafUnderNoKeyCertSign)).toBe(false);
  });

  it('a leaf (not a CA) cannot issue', async () => {
    const fake = await validatePath(pki.ecLeaf.certDer, { ...base, revocation: 'skip', trustAnchors: [pki.root.certDer], intermediates: [pki.intermediate.certDer] });
    expect(fake.valid).toBe(true);
    // otherLeaf is under another root: no path.
    const untrusted = await validatePath(pki.otherLeaf.certDer, { ...base, revocation: 'skip' });
    expect(untrusted).toMatchObject({ valid: false, indication: 'INDETERMINATE' });
    expect(untrusted.errors.map((error) => error.code)).toEqual(['ERR_CERT_UNTRUSTED']);
    const missingIntermediate = await validatePath(pki.ecLeaf.certDer, { ...base, revocation: 'skip', intermediates: [] });
    expect(missingIntermediate.errors.map((error) => error.code)).toEqual(['ERR_CERT_UNTRUSTED']);
  });

  it('name constraints: a subject outside the permitted subtree fails', async () => {
    expect((await validatePath(pki.ncInsideLeaf.certDer, { ...base, revocation: 'skip' })).errors).toEqual([]);
    const outside = await validatePath(pki.ncOutsideLeaf.certDer, { ...base, revocation: 'skip' });
    expect(outside.errors.map((error) => error.code)).toEqual(['ERR_CERT_NAME_CONSTRAINTS']);
    expect(opensslAccepts(pki.ncInsideLeaf)).toBe(true);
    expect(opensslAccepts(pki.ncOutsideLeaf)).toBe(false);
  });

  it('certificate policies: requireExplicitPolicy:0 needs an acceptable policy in the leaf', async () => {
    const good = await validatePath(pki.policyGoodLeaf.certDer, { ...base, revocation: 'skip' });
    expect(good.errors).toEqual([]);
    expect(good.policies).toEqual(['1.2.3.4']);
    const bad = await validatePath(pki.policyBadLeaf.certDer, { ...base, revocation: 'skip' });
    expect(bad.errors.map((error) => error.code)).toContain('ERR_CERT_POLICY');
  });

  it('signdesk cert verify: exit codes and the JSON shape', async () => {
    const common = ['--data-dir', dataDir, '--trust', pki.root.certPath, '--untrusted', pki.intermediate.certPath, '--crl', pki.intermediateCrlPath, '--crl', pki.rootCrlPath];
    const ok = await runCliCapture(['cert', 'verify', pki.ecLeaf.certPath, ...common, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({
      valid: true,
      indication: 'TOTAL-PASSED',
      errors: [],
      chain: ['CN=EC Leaf,O=Signdesk Test,C=UA', 'CN=Signdesk Test Intermediate,O=Signdesk Test,C=UA', 'CN=Signdesk Test Root,O=Signdesk Test,C=UA'],
    });
    const revoked = await runCliCapture(['cert', 'verify', pki.revokedLeaf.certPath, ...common, '--json']);
    expect(revoked.code).toBe(1);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ valid: false, indication: 'TOTAL-FAILED', errors: ['ERR_CERT_REVOKED'] });
    const human = await runCliCapture(['cert', 'verify', pki.leafUnderExpired.certPath, '--data-dir', dataDir, '--trust', pki.root.certPath, '--untrusted', pki.expiredIntermediate.certPath, '--no-revocation']);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('ERR_CERT_EXPIRED');
    const past = await runCliCapture(['cert', 'verify', pki.leafUnderExpired.certPath, '--data-dir', dataDir, '--trust', pki.root.certPath, '--untrusted', pki.expiredIntermediate.certPath, '--no-revocation', '--at', '2020-07-01T00:00:00Z']);
    expect(past.code).toBe(0);
    const badAt = await runCliCapture(['cert', 'verify', pki.ecLeaf.certPath, '--data-dir', dataDir, '--at', 'yesterday']);
    expect(badAt.code).toBe(2);
    // The trust store folder in the data dir counts as --trust.
    fs.mkdirSync(`${dataDir}/trust`, { recursive: true });
    fs.copyFileSync(pki.root.certPath, `${dataDir}/trust/root.pem`);
    const fromStore = await runCliCapture(['cert', 'verify', pki.ecLeaf.certPath, '--data-dir', dataDir, '--untrusted', pki.intermediate.certPath, '--no-revocation', '--json']);
    expect(JSON.parse(fromStore.stdout).valid).toBe(true);
  });
});
