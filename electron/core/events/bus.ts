/** The core's event bus: transports subscribe once and forward every event to their clients. */
import type { EventName, EventPayload } from '../../../base/contract/events';

export type AnyEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];
type Listener = (e: AnyEvent) => void;

export class EventBus {
  private listeners = new Set<Listener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const ev = { name, payload } as AnyEvent;
    for (const l of [...this.listeners]) {
      try {
        l(ev);
      } catch {
        // A broken subscriber (a closed SSE stream) must not stop the others.
      }
    }
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  get size(): number {
    return this.listeners.size;
  }
}
