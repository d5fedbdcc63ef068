import { event } from './define';
import type { Settings } from './domains/settings';
import type { BatchProgress, BatchSummary } from './domains/queue';
import type { AgentAccess, AgentPendingRequest } from './domains/agent';

/**
 * Events main pushes to the renderer. The preload exposes each as `on<Name>(cb) => unsubscribe`.
 * Domains add their events here.
 */
export const events = {
  settingsChanged: event<Settings>(),
  /** A signing batch moved on (throttled to ~10 per second). */
  batchProgress: event<BatchProgress>(),
  /** A signing batch ended: done, cancelled, interrupted or stopped by a fatal error. */
  batchFinished: event<BatchSummary>(),
  /** The to-sign list changed (a watched folder added a file, a batch signed some). */
  queueChanged: event<{ count: number }>(),
  /** The signing agent's pairing and signing requests waiting for the user changed (the whole list, oldest first). */
  agentPending: event<AgentPendingRequest[]>(),
  /** Allowed origins or "allow for this session" allowances changed. */
  agentAccess: event<AgentAccess>(),
};

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E]['payload'];
