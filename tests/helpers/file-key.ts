import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { TestIdentity, TestPki } from './test-pki';

/** A PKCS#12 file key (`file:` KEYREF) for a test PKI identity, with the intermediate in its chain. */
export function pkcs12For(pki: TestPki, identity: TestIdentity, password: string): string {
  const out = path.join(pki.dir, `${identity.name}-${Math.random().toString(36).slice(2, 8)}.p12`);
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', identity.keyPath, '-in', identity.certPath, '-certfile', pki.intermediate.certPath, '-passout', `pass:${password}`, '-out', out], { stdio: 'pipe' });
  return out;
}
