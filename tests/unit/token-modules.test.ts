import { describe, expect, it } from 'vitest';
import { CallQueue } from '../../main/core/token/call-queue';
import { KNOWN_MODULES, ModuleCatalogue, expandEnv } from '../../main/core/token/module-catalogue';
import { moduleNameOf } from '../../main/core/token/token-query';
import { TokenWatcher, type TokenChange } from '../../main/core/token/token-watcher';
import { tokenFlagsFrom } from '../../main/core/token/token-flags';
import type { TokenInfo } from '../../main/core/token/token-info';

describe('module catalogue', () => {
  it('knows the common token libraries on every OS', () => {
    const ids = KNOWN_MODULES.map((entry) => entry.id);
    expect(ids).toEqual(expect.arrayContaining(['opensc', 'softhsm2', 'safenet-etoken', 'rutoken', 'jacarta', 'avtor', 'idprime', 'yubikey-piv']));
    for (const entry of KNOWN_MODULES) {
      for (const platform of ['linux', 'darwin', 'win32'] as const) expect(entry.paths[platform]?.length, `${entry.id} ${platform}`).toBeGreaterThan(0);
    }
  });

  it('offers user paths first (even missing ones) and the known libraries that exist, once each', () => {
    const existing = new Set(['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/librtpkcs11ecp.so', 'C:\\Windows\\System32\\rtPKCS11ECP.dll']);
    const catalogue = new ModuleCatalogue({ userModulePaths: ['/opt/vendor/libvendor.so', '/usr/lib/softhsm/libsofthsm2.so'], platform: 'linux', exists: (file) => existing.has(file) });
    expect(catalogue.candidates().map(({ id, path, source, rescanByReinitialize }) => ({ id, path, source, rescanByReinitialize }))).toEqual([
      { id: 'user', path: '/opt/vendor/libvendor.so', source: 'user', rescanByReinitialize: false },
      { id: 'softhsm2', path: '/usr/lib/softhsm/libsofthsm2.so', source: 'user', rescanByReinitialize: true },
      { id: 'rutoken', path: '/usr/lib/librtpkcs11ecp.so', source: 'catalogue', rescanByReinitialize: false },
    ]);
    const windows = new ModuleCatalogue({ platform: 'win32', env: { SystemRoot: 'C:\\Windows' }, exists: (file) => existing.has(file) });
    expect(windows.candidates().map((candidate) => candidate.name)).toEqual(['Rutoken']);
    expect(new ModuleCatalogue({ platform: 'linux', includeKnown: false, exists: () => true }).candidates()).toEqual([]);
  });

  it('expands %VAR% and derives RFC 7512 module names', () => {
    expect(expandEnv('%SystemRoot%\\System32\\x.dll', { SystemRoot: 'C:\\Windows' })).toBe('C:\\Windows\\System32\\x.dll');
    expect(expandEnv('%Missing%\\x.dll', {})).toBe('%Missing%\\x.dll');
    expect(moduleNameOf('/usr/lib/softhsm/libsofthsm2.so')).toBe('softhsm2');
    expect(moduleNameOf('C:\\Windows\\System32\\rtPKCS11ECP.dll')).toBe('rtpkcs11ecp');
    expect(moduleNameOf('/usr/lib/libopensc.so.8.1.0')).toBe('opensc');
  });
});

describe('call queue', () => {
  it('runs tasks one at a time in order, and a failure does not stop the next', async () => {
    const queue = new CallQueue();
    const events: string[] = [];
    let running = 0;
    const task = (name: string, ms: number, fail = false) => async () => {
      running++;
      expect(running).toBe(1);
      events.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      events.push(`end ${name}`);
      running--;
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([queue.run(task('a', 20)), queue.run(task('b', 1, true)), queue.run(task('c', 5))]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    await queue.drain();
    expect(queue.size).toBe(0);
  });
});

describe('token watcher', () => {
  const token = (serial: string): TokenInfo => ({ modulePath: '/m.so', moduleName: 'M', slotId: 1, label: serial, manufacturer: '', model: '', serial, flags: tokenFlagsFrom(0) });

  it('reports insertions and removals against the first poll', async () => {
    const rounds = [[token('a')], [token('a'), token('b')], [token('b')], [token('b')]];
    const changes: TokenChange[] = [];
    const watcher = new TokenWatcher(async () => rounds.shift() ?? [], (change) => void changes.push(change), 1000);
    expect(await watcher.check()).toEqual([]);
    expect(await watcher.check()).toEqual([{ type: 'inserted', token: token('b') }]);
    expect(await watcher.check()).toEqual([{ type: 'removed', token: token('a') }]);
    expect(await watcher.check()).toEqual([]);
    expect(changes.map((change) => `${change.type} ${change.token.serial}`)).toEqual(['inserted b', 'removed a']);
  });

  it('polls on a timer until stopped and survives a failing poll', async () => {
    let polls = 0;
    const watcher = new TokenWatcher(
      async () => {
        polls++;
        if (polls === 2) throw new Error('module hiccup');
        return polls >= 3 ? [token('x')] : [];
      },
      () => undefined,
      5,
    );
    const inserted = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (polls >= 4) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    watcher.start();
    await inserted;
    watcher.stop();
    const after = polls;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(polls).toBe(after);
  });
});
