import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCycles, importGraph } from '../helpers/import-graph';

const root = process.cwd();
const relative = (cycle: string[]) => cycle.map((file) => path.relative(root, file));

describe('import cycles', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-cycles-'));
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('finds a cycle made only of type imports, export-from and import() types', () => {
    fs.writeFileSync(path.join(scratch, 'a.ts'), "import type { B } from './b';\nexport type A = { b: B };\n");
    fs.writeFileSync(path.join(scratch, 'b.ts'), "export type B = { c: import('./c').C };\n");
    fs.writeFileSync(path.join(scratch, 'c.ts'), "export type { A as C } from './a';\n");
    fs.writeFileSync(path.join(scratch, 'd.ts'), "import type { A } from './a';\nexport type D = A;\n");
    expect(importCycles(importGraph([scratch])).map((cycle) => cycle.map((file) => path.basename(file)))).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('main, preload and renderer have none (type-only imports included)', () => {
    const graph = importGraph(['main', 'preload', 'renderer'].map((dir) => path.join(root, dir)));
    expect(graph.size).toBeGreaterThan(300);
    expect(importCycles(graph).map(relative)).toEqual([]);
  });
});
