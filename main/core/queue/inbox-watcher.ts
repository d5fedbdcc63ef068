import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { TEMP_SUFFIX } from '../fs/atomic-write';
import { isSignatureOutputName } from '../formats';

export interface InboxWatcherOptions {
  /** How long a file must stay the same size before it is taken (ms). */
  stableForMs?: number;
  pollIntervalMs?: number;
}

/**
 * Watches inbox folders (not their subfolders) and reports each new or replaced file once it has stopped
 * changing: a file still being copied in is not taken. Every format's outputs, our temp files and hidden files are ignored.
 */
export class InboxWatcher {
  private watcher: FSWatcher | null = null;
  private folders: string[] = [];

  constructor(
    private readonly onFile: (file: string) => void,
    private readonly options: InboxWatcherOptions = {},
  ) {}

  /** Replaces the watched set; resolves once the initial scan is done. */
  async setFolders(folders: readonly string[]): Promise<void> {
    const next = [...new Set(folders.map((folder) => path.resolve(folder)))].sort();
    if (next.join('\n') === this.folders.join('\n')) return;
    await this.close();
    this.folders = next;
    if (next.length === 0) return;
    const watcher = watch(next, {
      depth: 0,
      ignoreInitial: false,
      awaitWriteFinish: { stabilityThreshold: this.options.stableForMs ?? 2_000, pollInterval: this.options.pollIntervalMs ?? 200 },
      ignored: (file, stats) => isIgnored(file, stats?.isFile()),
    });
    watcher.on('add', (file) => this.onFile(file));
    watcher.on('change', (file) => this.onFile(file));
    // A folder that vanished or cannot be read is reported by chokidar as an error: the others keep working.
    watcher.on('error', (error) => process.emitWarning(`inbox watcher: ${(error as Error).message}`));
    this.watcher = watcher;
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  async close(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = null;
    this.folders = [];
    await watcher?.close();
  }
}

function isIgnored(file: string, isFile: boolean | undefined): boolean {
  const name = path.basename(file);
  if (isFile === false) return false;
  return name.startsWith('.') || name.endsWith(TEMP_SUFFIX) || isSignatureOutputName(name);
}
