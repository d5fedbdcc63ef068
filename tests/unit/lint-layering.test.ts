import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function rulesFired(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('folder layering rules', () => {
  it('forbids electron in main/core', async () => {
    expect(await rulesFired('main/core/keys/example.ts', "import { app } from 'electron';\nexport const x = app;\n")).toContain('no-restricted-imports');
  });

  it('forbids electron and node built-ins in the contract', async () => {
    expect(await rulesFired('preload/contract/example.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n")).toContain('no-restricted-imports');
    expect(await rulesFired('preload/contract/example.ts', "import fs from 'node:fs';\nexport const x = fs;\n")).toContain('no-restricted-imports');
  });

  it('forbids node built-ins and main/ in the renderer', async () => {
    expect(await rulesFired('renderer/src/example.ts', "import fs from 'node:fs';\nexport const x = fs;\n")).toContain('no-restricted-imports');
    expect(await rulesFired('renderer/src/example.ts', "import { createServices } from '../../main/core/services';\nexport const x = createServices;\n")).toContain('no-restricted-imports');
  });

  it('lets only main/shell/ipc.ts touch ipcMain', async () => {
    expect(await rulesFired('main/shell/window.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n")).toContain('no-restricted-syntax');
    expect(await rulesFired('main/shell/ipc.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n")).not.toContain('no-restricted-syntax');
  });

  it('allows electron in the shell', async () => {
    expect(await rulesFired('main/shell/example.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([]);
  });

  it('bans .only in tests', async () => {
    expect(await rulesFired('tests/unit/example.test.ts', "import { it } from 'vitest';\nit.only('x', () => {});\n")).toContain('no-restricted-properties');
  });
});

describe('main/core layer order (signdesk/core-layers)', () => {
  const LAYERS = 'signdesk/core-layers';

  it('forbids a feature to import api, even for a type', async () => {
    expect(await rulesFired('main/core/cabinet/example.ts', "import type { Handler } from '../api/guard';\nexport type X = Handler<'app:info'>;\n")).toContain(LAYERS);
    expect(await rulesFired('main/core/queue/example.ts', "import type { Handlers } from '../api/guard';\nexport type X = Handlers;\n")).toContain(LAYERS);
  });

  it('forbids importing upwards: crypto is the bottom, token is below keys, keys below the cabinet', async () => {
    expect(await rulesFired('main/core/crypto/example.ts', "import { openKeyAt } from '../keys';\nexport const x = openKeyAt;\n")).toContain(LAYERS);
    expect(await rulesFired('main/core/token/example.ts', "import type { KeyLocation } from '../keys/open-key';\nexport type X = KeyLocation;\n")).toContain(LAYERS);
    expect(await rulesFired('main/core/keys/file-key/example.ts', "import { CabinetKeys } from '../../cabinet/cabinet-keys';\nexport const x = CabinetKeys;\n")).toContain(LAYERS);
    expect(await rulesFired('main/core/pki/example.ts', "import { openKeyAt } from '../keys';\nexport const x = openKeyAt;\n")).toContain(LAYERS);
    expect(await rulesFired('main/core/services.ts', "import { createHandlers } from './api/handlers';\nexport const x = createHandlers;\n")).toContain(LAYERS);
  });

  it('forbids a peer of the same layer (pki and token)', async () => {
    expect(await rulesFired('main/core/pki/example.ts', "import { TokenService } from '../token';\nexport const x = TokenService;\n")).toContain(LAYERS);
  });

  it('sees export-from, import() and import("…") types', async () => {
    expect(await rulesFired('main/core/token/example.ts', "export { openKeyAt } from '../keys';\n")).toContain(LAYERS);
    expect(await rulesFired('main/core/token/example.ts', "export * from '../keys';\n")).toContain(LAYERS);
    expect(await rulesFired('main/core/cms/example.ts', "export async function f() {\n  return (await import('../queue')).QueueService;\n}\n")).toContain(LAYERS);
    expect(await rulesFired('main/core/cms/example.ts', "export type X = import('../queue').QueueService;\n")).toContain(LAYERS);
  });

  it('forbids the core to import the CLI, the bridge, the shell or the renderer', async () => {
    expect(await rulesFired('main/core/queue/example.ts', "import { runCli } from '../../cli/run-cli';\nexport const x = runCli;\n")).toContain(LAYERS);
    expect(await rulesFired('main/core/agent/example.ts', "import type { BridgeServer } from '../../bridge/bridge-server';\nexport type X = BridgeServer;\n")).toContain(LAYERS);
    expect(await rulesFired('main/core/services.ts', "import { i18next } from '../../renderer/src/i18n/index';\nexport const x = i18next;\n")).toContain(LAYERS);
  });

  it('reports a folder placed in no layer', async () => {
    expect(await rulesFired('main/core/newfeature/example.ts', "import { digest } from '../crypto';\nexport const x = digest;\n")).toContain(LAYERS);
    expect(await rulesFired('main/core/keys/example.ts', "import { x } from '../newfeature/thing';\nexport const y = x;\n")).toContain(LAYERS);
  });

  it('allows downward imports, its own folder, the contract and packages', async () => {
    const down = [
      "import { digest } from '../crypto';",
      "import { openKeyAt } from '../keys';",
      "import { KeyRecords } from './key-records';",
      "import { SigndeskError } from '../../../preload/contract/errors';",
      "import type { Handlers } from '../../../preload/contract/api';",
      "import * as pkijs from 'pkijs';",
      'export const all = [digest, openKeyAt, KeyRecords, SigndeskError, pkijs];',
      "export type H = Handlers['cabinet:list'];",
    ].join('\n');
    expect(await rulesFired('main/core/cabinet/example.ts', `${down}\n`)).toEqual([]);
    expect(await rulesFired('main/core/api/example.ts', "import type { Services } from '../services';\nexport type X = Services;\n")).toEqual([]);
  });
});
