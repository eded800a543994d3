/**
 * The domain services of one counter, wired together: audit, staff, till, journey, catalog,
 * shift start, privacy, the print queue, and the devices (real, or simulated in training mode).
 */
import fs from 'node:fs';
import { BilingualError } from '../../base/contract/errors';
import { AuditLog } from './audit';
import { CatalogLoader, defaultCatalogPath } from './catalog/loader';
import { photoFor, type IdCardDevice } from './devices/idcardDevice';
import { DeviceSet } from './devices/deviceSet';
import type { PrinterDevice } from './devices/printerDevice';
import { JourneyService } from './journey/service';
import { ShiftStart } from './journey/shiftStart';
import { PrintQueue } from './printing/queue';
import { createIdHasher, Retention } from './privacy';
import { purgedBefore } from './privacy/retention';
import type { Services } from './services';
import type { CallerSession } from './rpc/dispatcher';
import { createStaffModule, type StaffModule } from './staff';
import type { ScryptParams } from './staff/secretHash';
import type { OpenedDb, Db } from './storage/db';
import { Till, type ZReport } from './till';
import { journeyTillPort, postItemsUsed } from './wiring/journeyTill';
import { PendingCardStore } from './wiring/pendingCard';
import { journeyReceiptPort, zReportDoc } from './wiring/receipts';
import { previewText } from '../../native/printer/preview';
import { AUDIT_KINDS } from './audit/kinds';
import { isValidStaffNo } from './staff/secretPolicy';
import type { ApproverVerifier } from './till/ports';

export interface Domain {
  db: Db;
  audit: AuditLog;
  staff: StaffModule;
  till(): Till;
  journeys: JourneyService;
  catalog: CatalogLoader;
  catalogError: BilingualError | null;
  shift: ShiftStart;
  pendingCard: PendingCardStore;
  retention: Retention;
  printing: { queue: PrintQueue; device: PrinterDevice };
  idcard: IdCardDevice;
  runShiftCheck(who: CallerSession): Promise<ReturnType<ShiftStart['run']>>;
  lastSettledSession(counterId: string, staffNo: string): number | null;
  zNoOf(sessionId: number): number;
  printZReport(z: ZReport): Promise<string | null>;
  previewZReport(z: ZReport): string[];
  close(): Promise<void>;
}

export async function buildDomain(storage: OpenedDb, s: Services, opts: { scrypt?: ScryptParams; catalogPath?: string }): Promise<Domain> {
  const db = storage.db;
  const clock = s.clock;
  const settings = () => s.settings.get();
  const audit = new AuditLog(db, clock);
  const auditEvent = (kind: string, detail: object, actor: string | null = null) => {
    try {
      audit.append({ kind, actor, counterId: settings().hall.counterId, detail: detail as Record<string, unknown> });
    } catch (e) {
      s.log.error('audit', `${kind}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  // Journeys are needed by staff (sign-out) and the till (settlement) before they exist: late-bound.
  let journeys: JourneyService | null = null;
  const openJourneys = (counterId: string) => journeys?.openJourneys(counterId).length ?? 0;

  const staff = createStaffModule({
    db,
    clock,
    audit,
    journeys: { openJourneys },
    idleLockMs: () => settings().security.idleLockMinutes * 60_000,
    ...(opts.scrypt ? { scrypt: opts.scrypt } : {}),
  });

  // The till's approver port only checks a person's own credentials (counting toward their
  // lockout); the till decides who may do what with them — a duty manager other than the clerk
  // for early settlement, a variance or receiving the takings, the clerk herself to confirm her
  // handover — and records each outcome (till_early_event, till.* audit entries). A role check
  // here refused the clerk's own handover confirmation outright and recorded a colleague
  // clerk's correct PIN as "bad credentials" instead of "not a duty manager".
  const tillCredentials: ApproverVerifier = {
    verify: (staffNo, secret) => {
      try {
        const rec = staff.credentials.authenticate(staffNo, secret);
        return { staffNo: rec.staffNo, role: rec.role, name: rec.name };
      } catch (e) {
        if (e instanceof BilingualError) {
          auditEvent(AUDIT_KINDS.approvalRefuse, { staffNo: isValidStaffNo(staffNo) ? staffNo : '(invalid)', purpose: 'till', code: e.code });
        }
        throw e;
      }
    },
  };

  // The till reads its tolerance and clock-jump limit at construction: rebuilt when they change.
  let tillCache: { key: string; till: Till } | null = null;
  const till = (): Till => {
    const t = settings().till;
    const key = JSON.stringify(t);
    if (tillCache?.key !== key) {
      tillCache = {
        key,
        till: new Till({
          db,
          clock,
          settings: { toleranceFen: t.toleranceFen, maxClockJumpMinutes: t.maxClockJumpMinutes, calendar: t.calendar },
          approver: tillCredentials,
          openJourneys,
          onEvent: (kind, detail) => auditEvent(kind, detail, (detail as { staffNo?: string }).staffNo ?? null),
        }),
      };
    }
    return tillCache.till;
  };

  const catalog = loadCatalog(db, opts.catalogPath ?? process.env.COUNTERDESK_CATALOG ?? defaultCatalogPath(), s);
  const catalogError = catalog.error;

  const st = settings();
  const devices = await DeviceSet.start(st.devices, st.hall.timeZone, s.devices, clock);
  const offSettings = s.settings.onChange((c) => {
    void devices.apply(c.before.devices, c.after.devices, c.after.hall.timeZone).catch((e: unknown) => {
      s.log.error('devices', `applying new device settings: ${e instanceof Error ? e.message : String(e)}`);
    });
  });
  const queue = new PrintQueue({
    db,
    sink: devices.sink,
    render: (doc) => devices.printer.render(doc),
    clock,
    onAudit: (e) => auditEvent(e.type, e, 'by' in e ? ((e as { by?: string }).by ?? null) : null),
  });
  queue.onEvent((e) => s.bus.emit('print.changed', { jobId: 'jobId' in e ? ((e as { jobId?: number }).jobId ?? null) : null }));
  queue.start();

  const pendingCard = new PendingCardStore(clock);
  devices.onCard((e) => {
    void photoFor(devices.idcard.photoDecoder, e.photo).then((photo) => {
      pendingCard.put({ card: { ...e.card, birthDate: e.card.birthDate || null, validFrom: e.card.validFrom || null }, photo, readAt: clock.now() });
      s.bus.emit('card.read', { at: clock.now() });
    });
  });

  const hashIdNumber = createIdHasher(s.dataDir);
  const shift = new ShiftStart(db, clock);
  journeys = new JourneyService({
    db,
    clock,
    catalog: () => catalog.loader.current(),
    hashIdNumber,
    till: journeyTillPort({
      db,
      till,
      counterId: () => settings().hall.counterId,
      drawer: { kick: () => devices.printer.kickDrawer() },
      onLateKick: (e) => s.log.warn('drawer', `late kick failed: ${e instanceof Error ? e.message : String(e)}`),
    }),
    receipts: journeyReceiptPort({ db, queue: () => queue, hallName: () => settings().hall.hallName, timeZone: () => settings().hall.timeZone }),
    onEvent: (kind, detail) => {
      auditEvent(kind, detail);
      if (kind === 'journey.closed') {
        const jid = String(detail.journeyId ?? '');
        const lines = ((detail.businesses as string[] | undefined) ?? [])
          .map((code) => catalog.loader.current().businesses.find((b) => b.code === code))
          .filter((b) => b !== undefined)
          .map((b) => ({ code: b.code, items: b.items }));
        try {
          postItemsUsed({ db, till: till(), counterId: settings().hall.counterId, journeyId: jid, lines });
        } catch (e) {
          s.log.error('till', `items used: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    },
    shiftGate: shift,
    hallUtcOffsetMinutes: utcOffsetMinutes(st.hall.timeZone, clock.now()),
  });
  await journeys.resume();

  const retention = new Retention(db, audit, () => settings().privacy.retentionDays);
  retention.register({ table: 'journeys', timeColumn: 'opened_at', personalColumns: ['id_masked', 'farewell_title', 'manual_reason'] });

  // A quiet counter must not look like a clock jump: the till's heartbeat, once a minute.
  const heartbeat = setInterval(() => {
    try {
      till().observeClock(settings().hall.counterId);
    } catch (e) {
      s.log.warn('till', `clock heartbeat: ${e instanceof Error ? e.message : String(e)}`);
    }
  }, 60_000);
  heartbeat.unref();
  const purge = () => {
    try {
      const scrubFrom = purgedBefore(db, 'journeys');
      const r = retention.purgeExpired(clock.now());
      scrubPurgedJourneyState(db, scrubFrom, r.cutoff);
    } catch (e) {
      s.log.error('privacy', `retention purge: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  purge();
  const daily = setInterval(purge, 24 * 3600_000);
  daily.unref();

  const j = journeys;
  return {
    db,
    audit,
    staff,
    till,
    journeys: j,
    catalog: catalog.loader,
    catalogError,
    shift,
    pendingCard,
    retention,
    get printing() {
      return { queue, device: devices.printer };
    },
    get idcard() {
      return devices.idcard;
    },
    async runShiftCheck(who) {
      const status = await devices.printer.driver.status().catch(() => null);
      const open = till().openSessionAt(who.counterId);
      const items = open ? till().clerkView(open.id).openingItems : null;
      return shift.run({
        sessionId: who.sessionId,
        counterId: who.counterId,
        clerkId: who.staffNo,
        reader: await devices.idcard.health(),
        printer: status ? { online: status.online, paperOut: status.paperOut, paperLow: status.paperNearEnd } : null,
        counterItems: items ? { sim: items.sim_card, value_card: items.value_card, invoice_paper: items.invoice_paper } : null,
      });
    },
    lastSettledSession(counterId, staffNo) {
      const r = db
        .prepare("SELECT id FROM till_session WHERE counter_id = ? AND clerk_staff_no = ? AND status = 'settled' ORDER BY id DESC LIMIT 1")
        .get(counterId, staffNo) as { id: number } | undefined;
      return r?.id ?? null;
    },
    zNoOf(sessionId) {
      const r = db.prepare('SELECT z_no FROM till_z_report WHERE session_id = ?').get(sessionId) as { z_no: number } | undefined;
      if (!r) throw new BilingualError('TILL_NOT_SETTLED', '该班次尚未结账', 'This session has not been settled');
      return r.z_no;
    },
    async printZReport(z) {
      const job = queue.enqueue({ kind: 'settlement_report', title: `结账单 Z${z.zNo}`, ref: `Z${z.zNo}:${z.copy.copyNo ?? 0}`, doc: zReportDoc(z, settings().hall.hallName) });
      return String(job.id);
    },
    previewZReport: (z) => previewText(zReportDoc(z, settings().hall.hallName), devices.printer.model),
    async close() {
      clearInterval(heartbeat);
      clearInterval(daily);
      await queue.stop();
      offSettings();
      await devices.close();
    },
  };
}

/** Offset of the hall's zone from UTC at a moment (Asia/Shanghai: +480). */
function utcOffsetMinutes(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(at / 60_000) * 60_000) / 60_000);
}

/**
 * After a purge, the resumable state of closed journeys loses the masked number and the name title
 * too — of the journeys that purge reached ([from, before)), not of five years' at every start.
 */
function scrubPurgedJourneyState(db: Db, from: number, before: number): void {
  db.prepare(
    `UPDATE journeys SET state_json = json_set(state_json, '$.customer.idMasked', NULL, '$.customer.title', json('{"zh":"您","en":"you"}'), '$.customer.manualReason', NULL)
     WHERE opened_at >= ? AND opened_at < ? AND status != 'open' AND id_masked IS NULL AND farewell_title IS NULL AND json_extract(state_json, '$.customer.idMasked') IS NOT NULL`,
  ).run(from, before);
}

/**
 * The hall's catalog file, or — when it is refused — the last good one this counter used
 * (kept in the database), or the bundled default: never no catalog, and the error is shown.
 */
function loadCatalog(db: Db, file: string, s: Services): { loader: CatalogLoader; error: BilingualError | null } {
  const loader = new CatalogLoader();
  const loaded = loader.loadFile(file);
  if (loaded.ok) {
    const text = fs.readFileSync(file, 'utf8');
    db.prepare("INSERT INTO meta (key, value) VALUES ('catalog.lastGood', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(text);
    return { loader, error: null };
  }
  s.log.error('catalog', loaded.error.message_en);
  const last = db.prepare("SELECT value FROM meta WHERE key = 'catalog.lastGood'").get() as { value: string } | undefined;
  if (!(last && loader.loadText(last.value, 'last good catalog').ok)) loader.loadFile(defaultCatalogPath());
  return { loader, error: loaded.error };
}
