import type { EventName, EventPayload } from '../../../preload/contract/events';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

/** Typed events from the core services; the shell forwards them to the window, the bridge to its sockets. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        // A failing subscriber (a closed window, a dropped socket) must not stop the others or the emitter.
        process.emitWarning(`event listener for ${name} failed: ${(error as Error).message}`);
      }
    }
  }
}
