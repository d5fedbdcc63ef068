import { event } from './define';
import type { Settings } from './domains/settings';

/**
 * Events main pushes to the renderer. The preload exposes each as `on<Name>(cb) => unsubscribe`.
 * Domains add their events here.
 */
export const events = {
  settingsChanged: event<Settings>(),
};

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E]['payload'];
