/**
 * The queue's public paths on the hall server's HTTPS, for the hall TV (no session: ticket
 * numbers, counter numbers and counts only):
 *
 *   GET /display              the hall page's entry; the page shows the display for this path
 *   GET /v1/queue/display     the display's view (current calls, the last few, waiting per group)
 *   GET /v1/queue/events      server-sent events: 'queue.call' the moment a call commits, 'queue.changed'
 *
 * The counters' signed POST /v1/queue/counter is routed in hall/server/http.ts with the other
 * signed requests.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DISPLAY_PAGE_PATH, QUEUE_DISPLAY_EVENTS_PATH, QUEUE_DISPLAY_PATH } from '../../base/contract/queue';
import { pageHeaders, servePageFile } from '../page/static';
import type { HallStore } from '../storage/port';
import { QueueLive } from './live';
import { displayView } from './views';

export interface QueueRoutes {
  live: QueueLive;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
  close(): Promise<void>;
}

export async function createQueueRoutes(store: HallStore, staticDir: string, onError: (e: unknown) => void): Promise<QueueRoutes> {
  const live = new QueueLive(store);
  await live.start();
  return {
    live,
    handle(req, res, url) {
      if (req.method !== 'GET') return false;
      if (url.pathname === DISPLAY_PAGE_PATH) return servePageFile(staticDir, '/', res);
      if (url.pathname === QUEUE_DISPLAY_EVENTS_PATH) {
        live.attach(req, res, pageHeaders('text/event-stream; charset=utf-8'));
        return true;
      }
      if (url.pathname === QUEUE_DISPLAY_PATH) {
        displayView(store).then(
          (v) => {
            const text = JSON.stringify(v);
            res.writeHead(200, { ...pageHeaders('application/json; charset=utf-8'), 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(text)) }).end(text);
          },
          (e: unknown) => {
            onError(e);
            res.writeHead(500, pageHeaders('text/plain; charset=utf-8')).end('queue view failed');
          },
        );
        return true;
      }
      return false;
    },
    close: () => live.close(),
  };
}
