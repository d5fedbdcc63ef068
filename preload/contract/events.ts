import { event } from './define';

/**
 * Events main pushes to the renderer. The preload exposes each as `on<Name>(cb) => unsubscribe`.
 * Domains add their events here.
 */
export const events = {
  settingsChanged: event<import('./domains/settings').Settings>(),
};

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E]['payload'];
