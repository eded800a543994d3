/**
 * The queue at this counter (docs/queue.md): the greet step's keys call the next ticket of this
 * counter's groups on the hall, recall it, mark a no-show or transfer it, through the counter's
 * signed, pinned link (its own connection, so a call never waits behind a sync batch, with a
 * short timeout: the clerk is waiting).
 *
 * Every ticket heard is kept in `queue_ticket` (migration 100) with the hall's times. When the
 * greet step takes the ticket, the journey is named on it and its served time recorded; when the
 * journey ends, its finished time. Both are written here first and then told to the hall in the
 * background: a hall that cannot be reached finishes the ticket itself at this counter's next
 * call. The journey's row sent to the hall carries the ticket's times (sync/streams.ts).
 *
 * Without the hall (not enrolled, unreachable, refused) every method answers `available: false`
 * with the reason, and the greet step takes a typed ticket number, as before.
 */
import { BilingualError, type ErrorShape } from '../../../base/contract/errors';
import type { Clock } from '../../../base/clock';
import type { CounterQueueView, CounterTicket } from '../../../base/contract/counterQueue';
import { DEFAULT_QUEUE_GROUP, QUEUE_COUNTER_PATH, QueueCounterAnswerSchema, RECEPTION, type QueueCounterAnswer, type QueueCounterRequest, type TicketView } from '../../../base/contract/queue';
import type { Catalog } from '../../../base/contract/catalog';
import type { Db } from '../storage/db';
import { readHallLink } from '../sync/enrol';
import { HallLink, HallLinkError } from '../sync/hallLink';

/** A clerk waits for the answer: beyond this the hall counts as unreachable for this call. */
const CALL_TIMEOUT_MS = 4_000;

interface Row {
  ticket_id: number; day: string; label: string; grp: string; business_code: string; priority: number; state: CounterTicket['state'];
  issued_at: number; called_at: number | null; served_at: number | null; finished_at: number | null; call_count: number; journey_id: string | null;
}

const ticketOf = (r: Row): CounterTicket => ({
  ticketId: r.ticket_id, label: r.label, group: r.grp, businessCode: r.business_code, priority: r.priority === 1, state: r.state,
  issuedAt: r.issued_at, calledAt: r.called_at, servedAt: r.served_at, finishedAt: r.finished_at, callCount: r.call_count,
});

export interface CounterQueueDeps {
  db: Db;
  clock: Clock;
  catalog: () => Catalog;
  log?: (message: string) => void;
}

export class CounterQueue {
  private link: HallLink | null = null;
  private linkKey = '';
  /** The hall's time minus this PC's, from the last answer (requests are signed in the hall's time). */
  private offsetMs = 0;
  private last: { waiting: number | null; groups: string[]; noShowAfter: number } = { waiting: null, groups: [], noShowAfter: 3 };

  constructor(private readonly deps: CounterQueueDeps) {}

  /** Where a ticket can be sent: the catalog's groups and the reception room. */
  targets(): CounterQueueView['targets'] {
    const groups = this.deps.catalog().queue_groups ?? [DEFAULT_QUEUE_GROUP];
    return [...groups.map((g) => ({ code: g.code, nameZh: g.name_zh, nameEn: g.name_en })), { code: RECEPTION, nameZh: '客户接待室', nameEn: 'Reception room' }];
  }

  /** The ticket called here and not yet taken by a journey (kept across a restart). */
  inHand(): CounterTicket | null {
    const r = this.deps.db.prepare("SELECT * FROM queue_ticket WHERE journey_id IS NULL AND state = 'called' ORDER BY called_at DESC LIMIT 1").get() as Row | undefined;
    return r ? ticketOf(r) : null;
  }

  forJourney(journeyId: string): CounterTicket | null {
    const r = this.deps.db.prepare('SELECT * FROM queue_ticket WHERE journey_id = ?').get(journeyId) as Row | undefined;
    return r ? ticketOf(r) : null;
  }

  status(): Promise<CounterQueueView> {
    return this.ask({ action: 'status' });
  }
  callNext(): Promise<CounterQueueView> {
    return this.ask({ action: 'next' });
  }
  recall(ticketId: number): Promise<CounterQueueView> {
    return this.ask({ action: 'recall', ticketId });
  }
  noShow(ticketId: number): Promise<CounterQueueView> {
    return this.ask({ action: 'no_show', ticketId });
  }
  transfer(ticketId: number, to: string): Promise<CounterQueueView> {
    return this.ask({ action: 'transfer', ticketId, to });
  }

  /**
   * The greet step takes the ticket in hand: checked here (it must be this counter's called
   * ticket), returns its label for the journey.
   */
  checkGreet(ticketId: number): CounterTicket {
    const r = this.deps.db.prepare('SELECT * FROM queue_ticket WHERE ticket_id = ?').get(ticketId) as Row | undefined;
    if (!r || r.state !== 'called' || r.journey_id !== null) {
      throw new BilingualError('QUEUE_WRONG_STATE', '这张号票不是本台席当前叫到的号 — 请重新叫号或手工输入号票', 'That ticket is not the one called to this counter — call again or type the ticket number', { ticketId });
    }
    return ticketOf(r);
  }

  /** The journey started from the ticket: recorded now, told to the hall in the background. */
  served(ticketId: number, journeyId: string): void {
    const at = this.hallNow();
    this.deps.db.prepare("UPDATE queue_ticket SET journey_id = ?, served_at = ?, state = 'serving', updated_at = ? WHERE ticket_id = ?").run(journeyId, at, at, ticketId);
    this.tell({ action: 'serve', ticketId, journeyId });
  }

  /** After each journey step: once the journey ended (closed or cancelled) its ticket is finished. */
  journeyMayHaveEnded(journeyId: string): void {
    const r = this.deps.db.prepare("SELECT q.ticket_id FROM queue_ticket q JOIN journeys j ON j.journey_id = q.journey_id WHERE q.journey_id = ? AND q.finished_at IS NULL AND j.status IN ('closed', 'cancelled')").get(journeyId) as { ticket_id: number } | undefined;
    if (!r) return;
    const at = this.hallNow();
    this.deps.db.prepare("UPDATE queue_ticket SET finished_at = ?, state = 'done', updated_at = ? WHERE ticket_id = ?").run(at, at, r.ticket_id);
    this.tell({ action: 'finish', ticketId: r.ticket_id, journeyId });
  }

  close(): void {
    this.link?.close();
    this.link = null;
  }

  private hallNow(): number {
    return this.deps.clock.now() + this.offsetMs;
  }

  private ensureLink(): HallLink | null {
    const row = readHallLink(this.deps.db);
    if (!row) {
      this.close();
      return null;
    }
    const key = `${row.hall_url}|${row.counter_number}|${row.fingerprint}`;
    if (!this.link || key !== this.linkKey) {
      this.close();
      this.link = new HallLink({ url: row.hall_url, certPem: row.cert_pem, fingerprint: row.fingerprint }, row.counter_number, row.private_key_pem, () => this.hallNow());
      this.linkKey = key;
    }
    return this.link;
  }

  private async post(req: QueueCounterRequest): Promise<QueueCounterAnswer> {
    const link = this.ensureLink();
    if (!link) throw new BilingualError('QUEUE_HALL_UNREACHABLE', '本台席未登记到大厅服务器，无法叫号 — 请输入客户手中的号票号码', 'This counter is not enrolled with the hall server, so it cannot call tickets — type the number on the customer’s ticket');
    const send = async () => QueueCounterAnswerSchema.parse(await link.post(QUEUE_COUNTER_PATH, req, CALL_TIMEOUT_MS));
    let a: QueueCounterAnswer;
    try {
      a = await send();
    } catch (e) {
      // Signed in the wrong time: the refusal says by how much; once more in the hall's time.
      const skew = e instanceof HallLinkError && e.code === 'AUTH_CLOCK' ? Number(e.detail?.skewMs) : NaN;
      if (!Number.isFinite(skew)) throw e;
      this.offsetMs -= skew;
      a = await send();
    }
    this.offsetMs = a.hallTime - this.deps.clock.now();
    return a;
  }

  private remember(t: TicketView): void {
    const now = this.hallNow();
    this.deps.db
      .prepare(
        `INSERT INTO queue_ticket (ticket_id, day, label, grp, business_code, priority, state, issued_at, called_at, served_at, finished_at, call_count, journey_id, updated_at)
         VALUES (@id, @day, @label, @grp, @business, @priority, @state, @issued, @called, NULL, NULL, @calls, NULL, @now)
         ON CONFLICT (ticket_id) DO UPDATE SET
           grp = excluded.grp, call_count = excluded.call_count, called_at = excluded.called_at, updated_at = excluded.updated_at,
           -- A journey's ticket keeps the times this counter recorded.
           state = CASE WHEN queue_ticket.journey_id IS NULL THEN excluded.state ELSE queue_ticket.state END`,
      )
      .run({ id: t.id, day: t.day, label: t.label, grp: t.group, business: t.businessCode, priority: t.priority ? 1 : 0, state: t.state, issued: t.issuedAt, called: t.calledAt, calls: t.callCount, now });
  }

  private view(a: QueueCounterAnswer | null, reason: ErrorShape | null): CounterQueueView {
    if (a) this.last = { waiting: a.waiting, groups: a.groups, noShowAfter: a.noShowAfter };
    return {
      available: a !== null,
      reason,
      ticket: this.inHand(),
      waiting: a ? a.waiting : null,
      groups: this.last.groups,
      noShowAfter: this.last.noShowAfter,
      targets: this.targets(),
    };
  }

  private async ask(req: QueueCounterRequest): Promise<CounterQueueView> {
    let a: QueueCounterAnswer;
    try {
      a = await this.post(req);
    } catch (e) {
      // The hall refused this action (a ticket called twice, a no-show too early): the clerk is told.
      if (e instanceof BilingualError && e.code.startsWith('QUEUE_') && e.code !== 'QUEUE_HALL_UNREACHABLE') throw e;
      return this.view(null, unreachable(e));
    }
    if (a.ticket) this.remember(a.ticket);
    if (req.action === 'status') {
      // The hall says what this counter holds: a called ticket it no longer holds here (marked a
      // no-show or transferred from another screen) was only a copy, and no journey took it.
      const held = a.ticket?.state === 'called' ? a.ticket.id : null;
      this.deps.db.prepare("DELETE FROM queue_ticket WHERE journey_id IS NULL AND state = 'called' AND ticket_id IS NOT ?").run(held);
    }
    return this.view(a, null);
  }

  /** A background report (serve, finish): a failure is logged; the hall catches up at the next call. */
  private tell(req: QueueCounterRequest): void {
    this.post(req).then(
      (a) => {
        if (a.ticket) this.deps.db.prepare('UPDATE queue_ticket SET called_at = coalesce(called_at, ?), updated_at = ? WHERE ticket_id = ?').run(a.ticket.calledAt, this.hallNow(), a.ticket.id);
      },
      (e: unknown) => this.deps.log?.(`queue ${req.action}: ${e instanceof Error ? e.message : String(e)}`),
    );
  }
}

function unreachable(e: unknown): ErrorShape {
  if (e instanceof BilingualError && e.code === 'QUEUE_HALL_UNREACHABLE') return e.toShape();
  const shape = e instanceof BilingualError ? e.toShape() : null;
  return {
    code: 'QUEUE_HALL_UNREACHABLE',
    message_zh: `连不上大厅叫号 — 请输入客户手中的号票号码${shape ? `（${shape.message_zh}）` : ''}`,
    message_en: `The hall's queue cannot be reached — type the number on the customer’s ticket${shape ? ` (${shape.message_en})` : ''}`,
  };
}
