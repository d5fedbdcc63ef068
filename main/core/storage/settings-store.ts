import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../preload/contract/domains/settings';
import { SigndeskError } from '../../../preload/contract/errors';

/** The part of the `conf` / `electron-store` API we use: both write `settings.json` atomically. */
export interface SettingsBacking {
  readonly store: Record<string, unknown>;
  set(values: Record<string, unknown>): void;
}

export class SettingsStore {
  private readonly listeners = new Set<(settings: Settings) => void>();

  constructor(private readonly backing: SettingsBacking) {}

  get(): Settings {
    const merged = { ...DEFAULT_SETTINGS, ...pickKnown(this.backing.store) };
    const parsed = settingsSchema.safeParse(merged);
    return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
  }

  update(patch: Partial<Settings>): Settings {
    const next = settingsSchema.safeParse({ ...this.get(), ...patch });
    if (!next.success) throw new SigndeskError('ERR_INPUT_INVALID', 'The settings are not valid', { issues: next.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) });
    this.backing.set(next.data);
    for (const listener of this.listeners) listener(next.data);
    return next.data;
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
