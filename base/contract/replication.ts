/**
 * The replication protocol between a counter and its hall server (records flow up).
 *
 * A counter sends its records as batches, one stream at a time, each row numbered by the
 * counter: (counter, stream, seq) is the key. The hall stores a batch in one transaction and
 * answers with the last seq it now holds. A batch that starts at or before that seq is a resend
 * (after a lost answer or a restart): rows the hall holds are compared and skipped, never stored
 * twice. A batch that starts after held + 1 is a gap: refused with the seq the hall expects.
 *
 * The chained streams (ledger, audit) are numbered by the counter's own chain seq and carry
 * prev_hash/hash, so the hall can witness the chain; the other streams are numbered by the
 * counter's outbox when a record becomes final (a journey closed, a print job printed …).
 *
 * THE ROW SHAPES OF EVERY STREAM LIVE HERE AND ONLY HERE. The counter's outbox builds these
 * rows, the hall stores them as given (jsonb) and `hall verify` compares them. Personal data:
 * ID numbers only masked, no names (not even the farewell title), no addresses, no photos.
 */
import { z } from 'zod';
import { ConfigVersionsSchema } from './hallConfig';

export const PROTOCOL_VERSION = 1;

/** Most rows one batch may carry; the hall refuses more (and bodies over MAX_BATCH_BYTES). */
export const MAX_BATCH_ROWS = 2000;
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * New streams go at the end: the hall's advisory lock per (counter, stream) is keyed by the
 * position in this list.
 */
export const STREAMS = [
  'ledger', 'audit', 'journey', 'step', 'settlement', 'handover', 'early_event', 'print_outcome',
  'count', 'takeover', 'approval', 'clock_event',
] as const;
export type Stream = (typeof STREAMS)[number];
/** Streams whose rows are hash-chained on the counter: the hall witnesses their links. */
export const CHAINED_STREAMS = ['ledger', 'audit'] as const satisfies readonly Stream[];
export type ChainedStream = (typeof CHAINED_STREAMS)[number];
export function isChained(s: Stream): s is ChainedStream {
  return (CHAINED_STREAMS as readonly string[]).includes(s);
}

const int = z.number().int();
const seq = int.min(1);
const ms = int.min(0);
const hash = z.string().regex(/^[0-9a-f]{64}$/);
const text = (max = 200) => z.string().max(max);
const opt = <T extends z.ZodType>(t: T) => t.nullable();
/** Extra columns a newer counter adds to a chained table (actor, keyed hashes …) travel as-is. */
const extraColumn = z.union([z.string().max(4000), z.number(), z.null()]);

/** A cash ledger row: the till_ledger columns, hash-chained. */
export const LedgerRowSchema = z
  .object({
    seq, session_id: int, at: ms, kind: text(20), tender: opt(text(20)), amount_fen: int,
    due_fen: opt(int), tendered_fen: opt(int), change_fen: opt(int), item: opt(text(40)), qty: opt(int),
    ref: opt(text(120)), reason: opt(text(400)), corrects_seq: opt(int), staff_no: text(40),
    prev_hash: hash, hash,
  })
  .catchall(extraColumn);

/** An audit entry: the audit_log columns, hash-chained; detail is the stored canonical JSON text. */
export const AuditRowSchema = z
  .object({ seq, at: ms, actor: opt(text(40)), kind: text(80), counter_id: opt(text(40)), detail: z.string().max(16_000), prev_hash: hash, hash })
  .catchall(extraColumn);

/** A masked ID number: first 4 and last 4 at most, the middle starred. Never a full number. */
const maskedId = z.string().max(40).refine((v) => v.length === 0 || (v.includes('*') && v.replace(/\*/g, '').length <= 8), {
  message: 'id_masked must be masked (at most 8 characters visible)',
});

/** A finished journey (closed or cancelled), with what the duty manager's figures need. */
export const JourneyRowSchema = z.strictObject({
  journey_id: text(80), clerk_id: text(40), session_id: text(80), status: z.enum(['closed', 'cancelled']),
  step: text(40), opened_at: ms, closed_at: opt(ms), ticket: opt(text(40)), business_codes: z.array(text(40)).max(50),
  id_method: opt(z.enum(['card', 'manual', 'service_password'])), id_card_type: opt(text(40)), id_masked: opt(maskedId),
  manual_entry: z.boolean(), due_fen: int, tender: opt(text(20)), tendered_fen: opt(int), change_fen: opt(int),
  paid_at: opt(ms), cancel_reason: opt(text(80)), cancel_step: opt(text(40)), refund_fen: opt(int), refund_status: opt(text(20)),
  businesses: z.array(z.strictObject({ code: text(40), status: text(20), fee_fen: int, balance_refund_fen: int, charged: z.boolean(), processed_at: opt(ms) })).max(50),
  consents: z.array(z.strictObject({ business_code: text(40), answer: z.enum(['agreed', 'refused']), at: ms })).max(100),
  recommendations: z.array(z.strictObject({ product_code: text(40), outcome: text(20), at: ms })).max(50),
  /** The hall's queue ticket the journey started from, with its times (absent when the ticket was typed or none). */
  queue: z.strictObject({ ticket_id: int.min(1), label: text(10), group: text(40), business_code: text(40), issued_at: ms, called_at: opt(ms), served_at: opt(ms), finished_at: opt(ms) }).optional(),
});

/** One step of a finished journey with its time: entered, left (the next step or the end). */
export const StepRowSchema = z.strictObject({
  journey_id: text(80), step_no: int.min(1), step: text(40), entered_at: ms, left_at: opt(ms), duration_ms: opt(int.min(0)),
});

/**
 * A settled till session with its Z report number and the sums the settlement recorded: whose
 * till it was (owner) and who settled it (a duty manager who took the counter over), the audit
 * log's head printed beside the ledger's, how many counts were made, where the settlement's time
 * came from (`hall`: the hall server's, `local`: this PC's checked clock) and the duty manager's
 * approval to settle while the hall was unreachable.
 */
export const SettlementRowSchema = z.strictObject({
  session_id: int, clerk_staff_no: text(40), business_day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), opened_at: ms,
  float_fen: int, settled_at: ms, z_no: int, z_created_at: ms, expected_fen: int, counted_fen: int, variance_fen: int,
  totals: z.record(z.string(), z.unknown()), variance_approver: opt(text(40)), early_approval_id: opt(int),
  head_seq: int, head_hash: hash,
  owner: opt(text(40)), settled_by: opt(text(40)), audit_head_seq: opt(int), audit_head_hash: opt(hash), count_attempts: opt(int.min(0)),
  time_source: opt(z.enum(['hall', 'local'])), offline_approval_id: opt(int),
});

/** The takings handed over (营业款上缴): bag and seal, who handed and who received. */
export const HandoverRowSchema = z.strictObject({
  session_id: int, at: ms, amount_fen: int, bag_no: text(60), seal_no: text(60), handed_by: text(40), received_by: text(40),
});

/**
 * An early-settlement event: refused attempt (block: before_close, open_journey, clock_jump,
 * clock_rollback, hall_unreachable), refused override, approval, clock approval, with the minutes
 * early. staff_no is whose till it is, actor_staff_no who acted (absent from counters before it
 * was kept). A typed reason stays on the counter (free_text, purgeable): note_id says one was
 * given, reason_text is null on newer rows.
 */
export const EarlyEventRowSchema = z.strictObject({
  id: int, at: ms, session_id: opt(int), staff_no: text(40), actor_staff_no: opt(text(40)).optional(), outcome: text(30), block: opt(text(30)), minutes_early: opt(int),
  allowed_at: opt(ms), open_journeys: opt(int), approver_staff_no: opt(text(40)), reason_code: opt(text(60)), reason_text: opt(text(400)),
  note_id: opt(int).optional(),
});

/**
 * A blind count or an approved recount (till_count): attempt, who counted, counted against what
 * the ledger expected, the cash by denomination and the closing counter items.
 */
export const CountRowSchema = z.strictObject({
  id: int, session_id: int, attempt_no: int.min(1), at: ms, staff_no: text(40), actor_staff_no: opt(text(40)),
  counted_fen: int, expected_fen: int, variance_fen: int,
  cash: z.record(text(40), int.min(0)), items: z.record(text(40), int), head_seq: int,
});

/** A duty manager taking an absent clerk's counter over (till_takeover); the typed reason stays on the counter. */
export const TakeoverRowSchema = z.strictObject({
  id: int, session_id: int, at: ms, counter_id: text(40), owner_staff_no: text(40), taker_staff_no: text(40), note_id: opt(int),
});

/**
 * The duty manager's other approvals on a till: a recount after the (final) blind count, a second
 * till on a business day already settled, settling while the hall server was unreachable.
 * Early-settlement and clock approvals travel with the early events.
 */
export const APPROVAL_KINDS = ['recount', 'reopen', 'offline'] as const;
export const ApprovalRowSchema = z.strictObject({
  kind: z.enum(APPROVAL_KINDS), id: int, session_id: int, at: ms, actor_staff_no: opt(text(40)), approver_staff_no: text(40),
  after_attempt: opt(int), note_id: opt(int),
});

/**
 * What the till's clock guard saw (till_clock_event): a change of the wall clock within a boot,
 * an unexplained gap across a reboot, a skew against the hall's time, the counter flagged, the
 * duty manager's approval.
 */
export const ClockEventRowSchema = z.strictObject({
  id: int, at: ms, counter_id: text(40), kind: z.enum(['changed', 'reboot', 'skew', 'flagged', 'approved']), delta_ms: opt(int), forward_ms: int,
  boot_id: opt(text(80)), prev_boot_id: opt(text(80)), actor_staff_no: opt(text(40)),
});

/** A print job's outcome (printed or failed), reprints marked. The document itself stays on the counter. */
export const PrintOutcomeRowSchema = z.strictObject({
  job_id: int, kind: text(40), ref: opt(text(120)), state: z.enum(['printed', 'failed']), reprint_of: opt(int), reprint_no: int.min(0),
  possible_duplicate: z.boolean(), attempts: int.min(0), requested_by: opt(text(40)), created_at: ms, printed_at: opt(ms),
  at: ms, reason_code: opt(text(80)),
});

export const ROW_SCHEMAS = {
  ledger: LedgerRowSchema,
  audit: AuditRowSchema,
  journey: JourneyRowSchema,
  step: StepRowSchema,
  settlement: SettlementRowSchema,
  handover: HandoverRowSchema,
  early_event: EarlyEventRowSchema,
  print_outcome: PrintOutcomeRowSchema,
  count: CountRowSchema,
  takeover: TakeoverRowSchema,
  approval: ApprovalRowSchema,
  clock_event: ClockEventRowSchema,
} as const satisfies Record<Stream, z.ZodType>;

export type StreamRow<S extends Stream> = z.infer<(typeof ROW_SCHEMAS)[S]>;

/** The time a row stands for (for the hall's range queries) and its business key, per stream. */
export function rowTime(stream: Stream, row: Record<string, unknown>): number {
  const k = stream === 'journey' ? 'opened_at' : stream === 'step' ? 'entered_at' : stream === 'settlement' ? 'settled_at' : 'at';
  return row[k] as number;
}
export function rowKey(stream: Stream, row: Record<string, unknown>): string | null {
  switch (stream) {
    case 'journey':
    case 'step':
      return row.journey_id as string;
    case 'settlement':
    case 'handover':
    case 'count':
    case 'takeover':
    case 'approval':
      return String(row.session_id);
    case 'print_outcome':
      return String(row.job_id);
    case 'ledger':
      return (row.ref as string | null) ?? null;
    default:
      return null;
  }
}

const envelope = <T extends z.ZodType>(row: T) => z.strictObject({ seq, data: row });

const batchOf = <S extends Stream>(stream: S) =>
  z.strictObject({
    protocol: z.literal(PROTOCOL_VERSION),
    counter: int.min(1).max(999),
    stream: z.literal(stream),
    rows: z.array(envelope(ROW_SCHEMAS[stream])).min(1).max(MAX_BATCH_ROWS),
  });

/** One batch of one stream. Rows in seq order without gaps (checked by the hall). */
export const BatchSchema = z.discriminatedUnion('stream', [
  batchOf('ledger'), batchOf('audit'), batchOf('journey'), batchOf('step'),
  batchOf('settlement'), batchOf('handover'), batchOf('early_event'), batchOf('print_outcome'),
  batchOf('count'), batchOf('takeover'), batchOf('approval'), batchOf('clock_event'),
]);
export type Batch = z.infer<typeof BatchSchema>;
export type BatchRow = Batch['rows'][number];

export const FindingSchema = z.strictObject({
  seq, kind: z.enum(['link_break', 'rewritten']), held: z.string().nullable(), sent: z.string(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** The hall's answer to a stored batch. */
export const AckSchema = z.strictObject({
  stream: z.enum(STREAMS),
  /** Rows newly stored from this batch. */
  stored: int.min(0),
  /** Rows the hall already held identically (a resend). */
  duplicates: int.min(0),
  /** The last seq the hall holds for this counter and stream: send heldSeq + 1 next. */
  heldSeq: int.min(0),
  /** What the chain witness found in this batch (the rows are kept all the same). */
  findings: z.array(FindingSchema),
  /** PostgreSQL now() on the hall, epoch ms: the counters' time source. */
  hallTime: ms,
});
export type Ack = z.infer<typeof AckSchema>;

/** The counter's state right now, sent every sync round (not a log: the latest wins). */
export const CounterStateSchema = z.strictObject({
  signedIn: z.strictObject({ staffNo: text(40), role: text(20) }).nullable(),
  till: z.strictObject({
    /** open: serving; counting: the blind count is in, not yet settled; settled; handed_over: the takings handed over. */
    status: z.enum(['none', 'open', 'counting', 'settled', 'handed_over']),
    sessionId: int.nullable(),
    clerk: text(40).nullable(),
    businessDay: z.string().nullable(),
  }),
  devices: z.record(text(20), z.strictObject({ state: text(20), detail: text(200).nullable() })),
  /** The till's clock as the counter judges it, and where its time comes from (absent from older counters). */
  clock: z.strictObject({ state: z.enum(['ok', 'suspect', 'rollback']), source: z.enum(['local', 'hall']) }).optional(),
  /** Rows not yet acknowledged by the hall, per stream, and the time of the oldest. */
  unsent: z.record(text(20), int.min(0)),
  oldestUnsentAt: ms.nullable(),
  appVersion: text(40),
  /** The configuration versions this counter has applied (hallConfig.ts); absent before it applies any. */
  config: ConfigVersionsSchema.optional(),
});
export type CounterState = z.infer<typeof CounterStateSchema>;

export const HeartbeatSchema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  counter: int.min(1).max(999),
  /** Increases with every heartbeat of this counter; the hall keeps the newest. */
  seq: int.min(1),
  /** The counter's own clock when it sent this, epoch ms: the hall works out the skew. */
  counterTime: ms,
  state: CounterStateSchema,
});
export type Heartbeat = z.infer<typeof HeartbeatSchema>;

export const HeartbeatAckSchema = z.strictObject({
  hallTime: ms,
  skewMs: int,
  /** The hall's configuration versions: the counter fetches GET /v1/config when one is newer than its own. */
  config: ConfigVersionsSchema.optional(),
});
export type HeartbeatAck = z.infer<typeof HeartbeatAckSchema>;

/**
 * The hall's time (`GET /v1/time`, signed like every counter request): PostgreSQL's clock, read
 * by counters at sign-in, till open and settlement (every batch and heartbeat answer carries it too).
 */
export const TimeAnswerSchema = z.strictObject({ hallTime: ms });
export type TimeAnswer = z.infer<typeof TimeAnswerSchema>;

/** Enrolment: the counter proves it knows the one-time code without sending it. */
export const EnrolRequestSchema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  counter: int.min(1).max(999),
  /** Ed25519 public key made on the counter, SPKI DER, base64. */
  publicKey: z.string().min(40).max(200),
  /**
   * The counter database's own random id: a replaced PC (a new database) numbers its rows from
   * 1 again, so the hall keeps each database's rows apart; the same database enrolling again
   * (a new key) continues where it was.
   */
  databaseId: z.string().regex(/^[0-9a-f]{32}$/),
  /** HMAC-SHA256(code, enrolProofText(...)), hex: binds the code to this key and to the certificate the counter saw. */
  proof: hash,
});
export type EnrolRequest = z.infer<typeof EnrolRequestSchema>;

export const EnrolResponseSchema = z.strictObject({
  hallId: text(80),
  counter: int,
  /** Which of this counter's databases the hall files these rows under (1 for the first PC). */
  source: int.min(1),
  /** The hall's answer proof: HMAC-SHA256(code, hallProofText(...)), hex. */
  hallProof: hash,
  hallTime: ms,
});
export type EnrolResponse = z.infer<typeof EnrolResponseSchema>;

/**
 * An enrolment code as the hall issued it (XXXX-XXXX-XXXX-XXXX, letters and digits without
 * I, O, 0, 1): people type it, so case, spaces and dashes do not matter.
 */
export function normaliseEnrolCode(code: string): string {
  const c = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return c.length === 16 ? [0, 4, 8, 12].map((i) => c.slice(i, i + 4)).join('-') : c;
}

/** What the counter's proof covers: the code cannot be replayed for another key or another certificate. */
export function enrolProofText(counter: number, publicKey: string, fingerprint: string, databaseId: string): string {
  return `counterdesk-enrol\n${counter}\n${publicKey}\n${fingerprint}\n${databaseId}`;
}
export function hallProofText(counter: number, publicKey: string, fingerprint: string, hallId: string): string {
  return `counterdesk-hall\n${counter}\n${publicKey}\n${fingerprint}\n${hallId}`;
}

/**
 * Request signing: every request after enrolment carries these headers; the signature is
 * Ed25519 over signedText(...). The hall refuses a time outside ±SIGNATURE_WINDOW_MS of its own
 * clock and a nonce it has seen inside that window (a replay).
 */
export const SIGNATURE_HEADERS = { counter: 'x-cd-counter', time: 'x-cd-time', nonce: 'x-cd-nonce', signature: 'x-cd-signature' } as const;
export const SIGNATURE_WINDOW_MS = 10 * 60_000;
export function signedText(method: string, path: string, counter: number, time: number, nonce: string, bodySha256Hex: string): string {
  return `counterdesk-request\n${method.toUpperCase()}\n${path}\n${counter}\n${time}\n${nonce}\n${bodySha256Hex}`;
}

/** Error codes the hall answers with (each with a Chinese and an English message). */
export const HALL_ERROR_CODES = [
  'HALL_BAD_REQUEST', 'HALL_NOT_FOUND', 'HALL_TOO_LARGE', 'HALL_INTERNAL',
  'AUTH_MISSING', 'AUTH_UNKNOWN_COUNTER', 'AUTH_BAD_SIGNATURE', 'AUTH_REPLAY', 'AUTH_CLOCK', 'AUTH_COUNTER_MISMATCH',
  'ENROL_BAD_CODE', 'ENROL_EXPIRED', 'ENROL_ALREADY',
  'REPLICATION_BAD_BATCH', 'REPLICATION_TOO_LARGE', 'REPLICATION_GAP',
  'CONFIG_SINCE',
] as const;
export type HallErrorCode = (typeof HALL_ERROR_CODES)[number];
