import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AppInfo, Settings } from '../../../preload/contract/index';
import { api } from '../api';

interface AppState {
  info: AppInfo;
  settings: Settings;
  updateSettings(patch: Partial<Settings>): Promise<Settings>;
}

const AppStateContext = createContext<AppState | undefined>(undefined);

/** App info and settings, loaded once and kept current from the `settingsChanged` event. */
export function AppStateProvider({ info, initialSettings, children }: { info: AppInfo; initialSettings: Settings; children: ReactNode }) {
  const [settings, setSettings] = useState(initialSettings);
  useEffect(() => api().onSettingsChanged(setSettings), []);
  const updateSettings = useCallback(async (patch: Partial<Settings>) => {
    const next = await api().settings.update(patch);
    setSettings(next);
    return next;
  }, []);
  const value = useMemo(() => ({ info, settings, updateSettings }), [info, settings, updateSettings]);
  return <AppStateContext.Provider value={value}>{children}</AppStateContext.Provider>;
}

export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (!state) throw new Error('useAppState outside AppStateProvider');
  return state;
}
