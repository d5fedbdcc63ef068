import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleNodeScript } from './bundle-cli';

export interface BridgeProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr (a crash shows here). */
  stderr(): string;
  alive(): boolean;
  stop(): Promise<void>;
}

let bundled: Promise<string> | undefined;

/** `npm run dev:web`'s entry (main/bridge/index.ts) from the current sources, as a real process on `dataDir`. */
export async function startBridgeProcess(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<BridgeProcess> {
  bundled ??= bundleNodeScript('main/bridge/index.ts');
  const child = spawn(process.execPath, [await bundled], { env: { ...process.env, ...env, SIGNDESK_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^Signdesk UI: (\S+)$/m.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the bridge exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    child,
    stderr: () => stderr,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Removes the bundle `startBridgeProcess` built (call once the test file's bridges have stopped). */
export async function removeBridgeBundle(): Promise<void> {
  if (!bundled) return;
  const file = await bundled;
  bundled = undefined;
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
