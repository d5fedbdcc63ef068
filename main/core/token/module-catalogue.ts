import fs from 'node:fs';
import path from 'node:path';
import catalogueJson from '../../../resources/pkcs11-modules.json' with { type: 'json' };

export type CataloguePlatform = 'linux' | 'darwin' | 'win32';

export interface CatalogueModuleEntry {
  id: string;
  name: string;
  /** The library only discovers tokens in C_Initialize (SoftHSM2): re-initialise it, when idle, to rescan. */
  rescanByReinitialize?: boolean;
  paths: Partial<Record<CataloguePlatform, string[]>>;
}

/** One library that exists on this machine (or that the user added), ready to be loaded. */
export interface ModuleCandidate {
  /** Catalogue id, or `user` for a path the user added. */
  id: string;
  name: string;
  path: string;
  source: 'catalogue' | 'user';
  rescanByReinitialize: boolean;
}

export interface ModuleCatalogueOptions {
  /** Paths the user added (settings, `--module`). Listed first, kept even when the file is missing. */
  userModulePaths?: readonly string[];
  /** Include the known libraries of `resources/pkcs11-modules.json` that exist here (default true). */
  includeKnown?: boolean;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  entries?: readonly CatalogueModuleEntry[];
  /** For tests: whether a file exists. */
  exists?: (file: string) => boolean;
}

export const KNOWN_MODULES: readonly CatalogueModuleEntry[] = (catalogueJson as { modules: CatalogueModuleEntry[] }).modules;

/**
 * Which PKCS#11 libraries to offer: user-added paths plus the known ones that exist on this OS. A user path that
 * does not exist stays in the list so that loading it reports ERR_MODULE_LOAD_FAILED naming the path.
 */
export class ModuleCatalogue {
  private readonly userPaths: readonly string[];
  private readonly includeKnown: boolean;
  private readonly platform: NodeJS.Platform;
  private readonly env: NodeJS.ProcessEnv;
  private readonly entries: readonly CatalogueModuleEntry[];
  private readonly exists: (file: string) => boolean;

  constructor(options: ModuleCatalogueOptions = {}) {
    this.userPaths = options.userModulePaths ?? [];
    this.includeKnown = options.includeKnown ?? true;
    this.platform = options.platform ?? process.platform;
    this.env = options.env ?? process.env;
    this.entries = options.entries ?? KNOWN_MODULES;
    this.exists = options.exists ?? ((file) => fs.existsSync(file));
  }

  /** The known entry a library path belongs to (by file name), if any. */
  entryFor(modulePath: string): CatalogueModuleEntry | undefined {
    const base = path.basename(modulePath).toLowerCase();
    return this.entries.find((entry) => Object.values(entry.paths).some((paths) => paths?.some((known) => basenameAnyOs(known).toLowerCase() === base)));
  }

  candidates(): ModuleCandidate[] {
    const found: ModuleCandidate[] = [];
    const seen = new Set<string>();
    const add = (candidate: ModuleCandidate) => {
      const key = this.identity(candidate.path);
      if (seen.has(key)) return;
      seen.add(key);
      found.push(candidate);
    };
    for (const userPath of this.userPaths) {
      const entry = this.entryFor(userPath);
      add({ id: entry?.id ?? 'user', name: entry?.name ?? path.basename(userPath), path: userPath, source: 'user', rescanByReinitialize: entry?.rescanByReinitialize ?? false });
    }
    if (this.includeKnown && isCataloguePlatform(this.platform)) {
      for (const entry of this.entries) {
        for (const rawPath of entry.paths[this.platform] ?? []) {
          const candidatePath = expandEnv(rawPath, this.env);
          if (!this.exists(candidatePath)) continue;
          add({ id: entry.id, name: entry.name, path: candidatePath, source: 'catalogue', rescanByReinitialize: entry.rescanByReinitialize ?? false });
          break;
        }
      }
    }
    return found;
  }

  /** Symlinked copies of one library (Debian's /usr/lib/x86_64-linux-gnu/… and /usr/lib/…) count once. */
  private identity(file: string): string {
    try {
      return fs.realpathSync(file);
    } catch {
      return path.resolve(file);
    }
  }
}

function isCataloguePlatform(platform: NodeJS.Platform): platform is CataloguePlatform {
  return platform === 'linux' || platform === 'darwin' || platform === 'win32';
}

function basenameAnyOs(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

export function expandEnv(file: string, env: NodeJS.ProcessEnv): string {
  return file.replace(/%([A-Za-z_][A-Za-z0-9_()]*)%/g, (whole, name: string) => env[name] ?? whole);
}
