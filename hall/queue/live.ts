/**
 * The queue's live stream (GET /v1/queue/events, server-sent events): every call the moment its
 * transaction commits (pushed from the NOTIFY payload, no read), and 'queue.changed' when the
 * waiting line changed (the pages re-read the view). Open to the hall TV without a session: it
 * carries ticket numbers, counter numbers and counts, nothing about a person.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { queueEvents } from '../../base/contract/queue';
import type { z } from 'zod';
import type { HallStore } from '../storage/port';
import { parseQueueSignal, QUEUE_SIGNAL_CHANNEL } from './signal';

const KEEPALIVE_MS = 15_000;
type QueueEventName = keyof typeof queueEvents;

export class QueueLive {
  private readonly clients = new Set<ServerResponse>();
  private stop: (() => Promise<void>) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(event: QueueEventName, payload: unknown) => void>();

  constructor(private readonly store: HallStore) {}

  async start(): Promise<void> {
    this.stop = await this.store.listen(QUEUE_SIGNAL_CHANNEL, (payload) => {
      const s = parseQueueSignal(payload);
      if (!s) return;
      if (s.type === 'call') {
        this.send('queue.call', s.call);
        // A first call takes a ticket out of the waiting line.
        if (!s.call.recall) this.send('queue.changed', { at: s.call.at });
      } else this.send('queue.changed', { at: s.at });
    });
    this.timer = setInterval(() => {
      for (const c of this.clients) c.write(': keep-alive\n\n');
    }, KEEPALIVE_MS);
    this.timer.unref();
  }

  /** In-process listeners (the benchmark and tests hear what the display hears). */
  on(cb: (event: QueueEventName, payload: unknown) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  attach(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
    res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    this.clients.add(res);
    req.on('close', () => this.clients.delete(res));
  }

  private send<E extends QueueEventName>(event: E, payload: z.output<(typeof queueEvents)[E]>): void {
    const data = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const c of this.clients) c.write(data);
    for (const l of this.listeners) l(event, payload);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.stop?.();
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}
