import type { ComponentType } from 'react';
import { CabinetScreen } from '../sections/cabinet/CabinetScreen';
import { ToSignScreen } from '../sections/to-sign/ToSignScreen';
import { HistoryScreen } from '../sections/history/HistoryScreen';
import { VerifyScreen } from '../sections/verify/VerifyScreen';
import { SettingsScreen } from '../sections/settings/SettingsScreen';

export type SectionId = 'cabinet' | 'to-sign' | 'history' | 'verify' | 'settings';

export interface Section {
  id: SectionId;
  /** Key in the common namespace. */
  labelKey: string;
  Screen: ComponentType;
}

/** The app's sections, in navigation order. A feature replaces its screen component; the shell stays. */
export const sections: readonly Section[] = [
  { id: 'cabinet', labelKey: 'nav.cabinet', Screen: CabinetScreen },
  { id: 'to-sign', labelKey: 'nav.toSign', Screen: ToSignScreen },
  { id: 'history', labelKey: 'nav.history', Screen: HistoryScreen },
  { id: 'verify', labelKey: 'nav.verify', Screen: VerifyScreen },
  { id: 'settings', labelKey: 'nav.settings', Screen: SettingsScreen },
];

export const sectionIds = sections.map((section) => section.id);
