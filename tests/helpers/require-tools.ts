import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Whether an executable is on PATH (or an absolute path exists). */
export function hasTool(tool: string): boolean {
  if (tool.startsWith('/')) return fs.existsSync(tool);
  try {
    execFileSync('sh', ['-c', `command -v ${JSON.stringify(tool)}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Real components or nothing: in CI (`CI=true`) a missing tool fails the test file loudly; on a laptop
 * the caller skips with the reason this returns. Use as
 * `const missing = missingTools(['openssl']); describe.skipIf(missing)(…)` and print the reason.
 */
export function missingTools(tools: readonly string[]): string | false {
  const absent = tools.filter((tool) => !hasTool(tool));
  if (absent.length === 0) return false;
  const reason = `needs ${absent.join(', ')} (not installed)`;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`CI requires ${absent.join(', ')}: ${reason}`);
  }
  console.warn(`skipping: ${reason}`);
  return reason;
}

export const SOFTHSM_MODULE = process.env.SOFTHSM2_MODULE ?? '/usr/lib/softhsm/libsofthsm2.so';
