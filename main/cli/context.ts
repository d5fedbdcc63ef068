import { createServices, type Services } from '../core/services';
import { resolveDataDir } from '../core/storage/data-dir';
import type { CliIo } from './cli-io';
import { readSecret, type SecretSource } from './read-secret';

export type { CliIo } from './cli-io';

/** What every command gets: output channels, the data folder, lazily built services, secret input. */
export class CliContext {
  readonly json: boolean;
  readonly dataDir: string;
  private services: Services | undefined;

  constructor(
    readonly io: CliIo,
    options: { json: boolean; dataDir?: string },
    readonly version: string,
  ) {
    this.json = options.json;
    this.dataDir = resolveDataDir(options.dataDir, io.env);
  }

  get env(): NodeJS.ProcessEnv {
    return this.io.env;
  }

  get interactive(): boolean {
    return Boolean(this.io.stderr.isTTY && this.io.stdin.isTTY);
  }

  /** The core services on the data folder, built on first use (commands like `cert show` never open it). */
  core(): Services {
    this.services ??= createServices({ dataDir: this.dataDir, runtime: 'cli', version: this.version });
    return this.services;
  }

  /** Human text on stdout (suppressed in --json mode, where `emitJson` writes the one document). */
  print(text = ''): void {
    if (!this.json) this.io.stdout.write(`${text}\n`);
  }

  emitJson(value: unknown): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Progress and notes: always stderr. */
  note(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  readSecret(source: SecretSource): Promise<string> {
    return readSecret(source, this.io);
  }

  async close(): Promise<void> {
    await this.services?.close();
    this.services = undefined;
  }
}
