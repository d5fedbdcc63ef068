import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';

export const PORT_FILE = 'agent.json';

/** What `<dataDir>/agent.json` says while an agent serves that data folder. */
export interface PortFileContent {
  url: string;
  port: number;
  pid: number;
  apiVersion: number;
  startedAt: string;
}

/** Publishes the agent's address for local software (atomically: a reader never sees half a file). */
export async function publishPortFile(dataDir: string, content: PortFileContent): Promise<void> {
  await writeFileAtomic(path.join(dataDir, PORT_FILE), `${JSON.stringify(content, null, 2)}\n`, { mode: 0o644 });
}

/** Removes the file if it still describes this agent (another process may have taken over since). */
export function removePortFile(dataDir: string, port: number): void {
  const file = path.join(dataDir, PORT_FILE);
  try {
    const content = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<PortFileContent>;
    if (content.pid === process.pid && content.port === port) fs.rmSync(file, { force: true });
  } catch {
    // Missing or not ours to judge: left alone.
  }
}

export function readPortFile(dataDir: string): PortFileContent | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, PORT_FILE), 'utf8')) as PortFileContent;
  } catch {
    return null;
  }
}
