/**
 * The queue's live stream (GET /v1/queue/events, no session: the hall TV has none): calls as they
 * commit and 'queue.changed' when the waiting line moved. The browser reconnects by itself.
 */
import { QUEUE_DISPLAY_EVENTS_PATH, QUEUE_DISPLAY_PATH, type CallView, type DisplayView } from '../../../../base/contract/queue';

export interface QueueStreamHandlers {
  onCall?(c: CallView): void;
  onChanged?(): void;
  onOpen?(): void;
  onError?(): void;
}

export function openQueueStream(h: QueueStreamHandlers): () => void {
  const s = new EventSource(QUEUE_DISPLAY_EVENTS_PATH);
  s.addEventListener('queue.call', (e) => h.onCall?.(JSON.parse((e as MessageEvent<string>).data) as CallView));
  s.addEventListener('queue.changed', () => h.onChanged?.());
  s.onopen = () => h.onOpen?.();
  s.onerror = () => h.onError?.();
  return () => s.close();
}

export async function fetchDisplay(): Promise<DisplayView> {
  const r = await fetch(QUEUE_DISPLAY_PATH, { cache: 'no-store' });
  if (!r.ok) throw new Error(`display view: ${r.status}`);
  return (await r.json()) as DisplayView;
}
