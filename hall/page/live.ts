/**
 * The hall page's live updates: server-sent events (GET /v1/page/events) to every signed-in,
 * unlocked page. The hall hears what changed through PostgreSQL's NOTIFY (hall/signals.ts), so
 * a heartbeat taken by any hall process on the database reaches every page: the counter's row
 * is read once and pushed whole ('counter.changed'). Reads for one counter never overlap: a
 * change arriving while its row is being read is read again right after, so the page sees the
 * newest state without a flood of reads during a catch-up.
 *
 * Each page's session is checked again every KEEPALIVE_MS and whenever an account's sessions end:
 * a page that has locked (idle) or ended gets 'session.changed' and its stream is closed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HallEventName, HallEventPayload } from '../../base/contract/hallPage';
import { MANAGER_ROLES, roleMay } from '../../base/contract/roles';
import { HALL_SIGNAL_CHANNEL, parseSignal, type HallSignal } from '../signals';
import type { HallStore } from '../storage/port';
import type { HallSession, HallSessions } from './sessions';
import { boardRows } from './views';

const KEEPALIVE_MS = 15_000;

interface Client {
  res: ServerResponse;
  token: string;
  session: HallSession;
}

export class HallLive {
  private readonly clients = new Set<Client>();
  private readonly reading = new Set<number>();
  private readonly again = new Set<number>();
  private stopListening: (() => Promise<void>) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly store: HallStore, private readonly sessions: HallSessions, private readonly onError: (e: unknown) => void = () => undefined) {}

  async start(): Promise<void> {
    this.stopListening = await this.store.listen(HALL_SIGNAL_CHANNEL, (payload) => {
      const s = parseSignal(payload);
      if (s) void this.heard(s).catch(this.onError);
    });
    this.timer = setInterval(() => void this.recheck(null).catch(this.onError), KEEPALIVE_MS);
    this.timer.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Opens a page's stream, or answers 401/403 when its session may not have one. */
  async attach(req: IncomingMessage, res: ServerResponse, token: string | undefined): Promise<void> {
    const session = await this.sessions.resolve(token);
    if (!session || session.locked || !roleMay(session.role, MANAGER_ROLES)) {
      res.writeHead(session ? 403 : 401, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(session?.locked ? 'locked' : 'not signed in');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    const client: Client = { res, token: token!, session };
    this.clients.add(client);
    req.on('close', () => this.clients.delete(client));
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.stopListening?.();
    for (const c of this.clients) c.res.end();
    this.clients.clear();
  }

  private send<E extends HallEventName>(event: E, payload: HallEventPayload<E>): void {
    const data = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const c of this.clients) c.res.write(data);
  }

  private async heard(s: HallSignal): Promise<void> {
    if (this.clients.size === 0) return;
    switch (s.type) {
      case 'counter':
        return this.readCounter(s.counter);
      case 'finding':
        this.send('witness.finding', { counter: s.counter });
        return this.readCounter(s.counter);
      case 'config':
        this.send('config.changed', { kind: s.kind, version: s.version });
        return;
      case 'sessions':
        return this.recheck(s.staffNo);
      case 'early': {
        const { type: _t, ...event } = s;
        this.send('desk.early', event);
        return;
      }
    }
  }

  private async readCounter(n: number): Promise<void> {
    if (this.reading.has(n)) {
      this.again.add(n);
      return;
    }
    this.reading.add(n);
    try {
      do {
        this.again.delete(n);
        const [row] = await boardRows(this.store, n);
        if (row) this.send('counter.changed', row);
      } while (this.again.has(n));
    } finally {
      this.reading.delete(n);
    }
  }

  /** Closes the streams of sessions that locked or ended (all, or one person's), with a keep-alive to the rest. */
  private async recheck(staffNo: string | null): Promise<void> {
    for (const c of [...this.clients]) {
      if (staffNo !== null && c.session.staffNo !== staffNo) continue;
      const now = await this.sessions.resolve(c.token);
      if (!now || now.locked) {
        c.res.write(`event: session.changed\ndata: ${JSON.stringify({ state: now ? 'locked' : 'ended' })}\n\n`);
        c.res.end();
        this.clients.delete(c);
      } else if (staffNo === null) {
        c.res.write(': keep-alive\n\n');
      }
    }
  }
}
