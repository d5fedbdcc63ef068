import fs from 'node:fs';
import path from 'node:path';
import { Pkcs11Module, type ModuleIdentity } from './pkcs11-module';

interface Entry {
  module: Pkcs11Module;
  users: number;
}

/**
 * PKCS#11 state is per process and per library: two services loading the same library must share one module
 * (one C_Initialize, one call queue). The last user to release it finalises it.
 */
const entries = new Map<string, Entry>();

export function acquireModule(identity: ModuleIdentity): Pkcs11Module {
  const key = canonicalPath(identity.path);
  let entry = entries.get(key);
  if (!entry) {
    entry = { module: new Pkcs11Module(identity), users: 0 };
    entries.set(key, entry);
  }
  entry.users++;
  return entry.module;
}

export async function releaseModule(module: Pkcs11Module): Promise<void> {
  const key = canonicalPath(module.path);
  const entry = entries.get(key);
  if (!entry || entry.module !== module) return;
  entry.users--;
  if (entry.users > 0) return;
  entries.delete(key);
  await module.close();
}

function canonicalPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
