import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../preload/contract/domains/settings';
import { SigndeskError, isDiskFullError } from '../../../preload/contract/errors';
import { diskFullError } from '../fs/disk-full';

/** The part of the `conf` / `electron-store` API we use: both write `settings.json` atomically. */
export interface SettingsBacking {
  readonly store: Record<string, unknown>;
  /** The file (conf and electron-store both say where they write). */
  readonly path?: string;
  set(values: Record<string, unknown>): void;
}

/**
 * The user's settings over a backing that is opened on first use: `conf` costs the CLI ~130 ms of start-up, and
 * most commands never read a setting.
 */
export class SettingsStore {
  private readonly listeners = new Set<(settings: Settings) => void>();
  private backing: Promise<SettingsBacking> | undefined;

  constructor(private readonly openBacking: () => SettingsBacking | Promise<SettingsBacking>) {}

  async get(): Promise<Settings> {
    const merged = { ...DEFAULT_SETTINGS, ...pickKnown((await this.opened()).store) };
    const parsed = settingsSchema.safeParse(merged);
    return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = settingsSchema.safeParse({ ...(await this.get()), ...patch });
    if (!next.success) throw new SigndeskError('ERR_INPUT_INVALID', 'The settings are not valid', { issues: next.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) });
    const backing = await this.opened();
    try {
      backing.set(next.data);
    } catch (error) {
      // conf / electron-store write settings.json atomically: on failure the old file stays.
      if (isDiskFullError(error)) throw diskFullError(backing.path ?? 'settings.json', error);
      throw new SigndeskError('ERR_STORAGE', `Cannot save the settings: ${(error as Error).message}`, undefined, { cause: error });
    }
    for (const listener of this.listeners) listener(next.data);
    return next.data;
  }

  private opened(): Promise<SettingsBacking> {
    this.backing ??= Promise.resolve().then(this.openBacking);
    return this.backing;
  }

  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function pickKnown(store: Record<string, unknown>): Partial<Settings> {
  const known: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_SETTINGS)) if (key in store) known[key] = store[key];
  return known as Partial<Settings>;
}
