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
