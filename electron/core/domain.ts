/**
 * The domain services of one counter, wired together: audit, staff, till, journey, catalog,
 * shift start, privacy, the print queue, and the devices (real, or simulated in training mode).
 * Wiring only: each module owns its tables and rules; what crosses modules goes through the
 * small functions in ./wiring.
 */
import { BilingualError } from '../../base/contract/errors';
import { utcOffsetMinutes } from '../../base/calendar';
import type { ShiftCheckResult, ShiftStatus } from '../../base/contract/journey';
import { previewText } from '../../native/printer/preview';
import { AuditLog } from './audit';
import { defaultCatalogPath, type CatalogLoader } from './catalog/loader';
import { loadCatalogWithFallback } from './catalog/lastGood';
import { photoFor, type IdCardDevice } from './devices/idcardDevice';
import { DeviceSet } from './devices/deviceSet';
import type { PrinterDevice } from './devices/printerDevice';
import { JourneyService } from './journey/service';
import { ShiftStart } from './journey/shiftStart';
import { JOURNEY_RETENTION } from './journey/store';
import { PrintQueue } from './printing/queue';
import type { PrintJob } from '../../base/contract/printing';
import { createIdHasher, Retention } from './privacy';
import { FREE_TEXT_RETENTION } from './privacy/freeTextStore';
import type { CallerSession } from './rpc/dispatcher';
import type { Services } from './services';
import { createStaffModule, type StaffModule } from './staff';
import type { ApprovalCredentials } from './staff/approvals';
import type { ScryptParams } from './staff/secretHash';
import type { Db, OpenedDb } from './storage/db';
import { Till } from './till';
import { journeyTillPort } from './wiring/journeyTill';
import { PendingCardStore } from './wiring/pendingCard';
import { journeyReceiptPort } from './wiring/receipts';
import { reprint } from './wiring/reprint';
import { runShiftCheck, shiftStatus } from './wiring/shiftCheck';
import { printZReportOriginal, zReportDoc } from './wiring/zReport';

export interface Domain {
  db: Db;
  audit: AuditLog;
  staff: StaffModule;
  /** The till as the settings are now (rebuilt when they change). */
  till(): Till;
  journeys: JourneyService;
  catalog: CatalogLoader;
  catalogError: BilingualError | null;
  shift: ShiftStart;
  pendingCard: PendingCardStore;
  retention: Retention;
  printing: { queue: PrintQueue; device: PrinterDevice };
  idcard: IdCardDevice;
  runShiftCheck(who: CallerSession): Promise<ShiftCheckResult>;
  shiftStatus(who: CallerSession): ShiftStatus;
  /** Prints the original Z report after the handover; returns the print job id. */
  printZReport(zNo: number, staffNo: string): string;
  previewZReport(zNo: number): string[];
  /** F8: the one reprint path, approved by the duty manager. */
  reprint(input: { jobId: number; requester: { staffNo: string; counterId: string }; approval: ApprovalCredentials; reason?: string }): PrintJob;
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

  // The till reads its tolerance, clock-jump limit and calendar at construction: it is rebuilt
  // whenever the settings change, so the next operation uses the new values.
  const buildTill = () =>
    new Till({
      db,
      clock,
      settings: settings().till,
      approver: staff.approvals,
      openJourneys,
      onEvent: (kind, detail) => auditEvent(kind, detail, (detail as { staffNo?: string }).staffNo ?? null),
    });
  let till = buildTill();

  const catalog = loadCatalogWithFallback(db, opts.catalogPath ?? process.env.COUNTERDESK_CATALOG ?? defaultCatalogPath());
  if (catalog.error) s.log.error('catalog', catalog.error.message_en);

  const st = settings();
  const devices = await DeviceSet.start(st.devices, st.hall.timeZone, s.devices, clock);
  const queue = new PrintQueue({
    db,
    sink: devices.sink,
    render: (doc) => devices.printer.render(doc),
    clock,
    onAudit: (e) => auditEvent(e.type, e, 'by' in e ? e.by : null),
    training: () => s.devices.get().trainingMode,
  });
  queue.onEvent((e) => s.bus.emit('print.changed', { jobId: e.type === 'job' ? e.job.id : null }));
  queue.start();

  const offSettings = s.settings.onChange((c) => {
    till = buildTill();
    void devices
      .apply(c.before.devices, c.after.devices, c.after.hall.timeZone)
      .then(() => queue.printerChanged())
      .catch((e: unknown) => {
        s.log.error('devices', `applying new device settings: ${e instanceof Error ? e.message : String(e)}`);
      });
  });

  const pendingCard = new PendingCardStore(clock);
  devices.onCard((e) => {
    void photoFor(devices.idcard.photoDecoder, e.photo).then((photo) => {
      pendingCard.put({ card: e.card, photo, readAt: clock.now() });
      s.bus.emit('card.read', { at: clock.now() });
    });
  });

  // The check is kept per till session: the till (rebuilt on settings changes) names the open one.
  const shift = new ShiftStart(db, clock, (counterId) => till.openSessionAt(counterId)?.id ?? null);
  journeys = new JourneyService({
    db,
    clock,
    catalog: () => catalog.loader.current(),
    hashIdNumber: createIdHasher(s.dataDir),
    till: journeyTillPort({
      till: () => till,
      counterId: () => settings().hall.counterId,
      drawer: { kick: () => devices.printer.kickDrawer() },
      onLateKick: (e) => s.log.warn('drawer', `late kick failed: ${e instanceof Error ? e.message : String(e)}`),
    }),
    receipts: journeyReceiptPort({
      queue,
      context: () => ({ hallName: settings().hall.hallName, timeZone: settings().hall.timeZone, training: s.devices.get().trainingMode }),
    }),
    onEvent: (kind, detail, actor) => auditEvent(kind, detail, actor ?? null),
    shiftGate: shift,
    hallUtcOffsetMinutes: utcOffsetMinutes(clock.now(), st.hall.timeZone),
  });
  const j = journeys;
  await j.resume();

  const retention = new Retention(db, audit, () => settings().privacy.retentionDays);
  retention.register(JOURNEY_RETENTION);
  retention.register({ ...FREE_TEXT_RETENTION, personalColumns: [...FREE_TEXT_RETENTION.personalColumns] });
  const purge = () => {
    try {
      retention.purgeExpired(clock.now());
      j.scrubPurged();
    } catch (e) {
      s.log.error('privacy', `retention purge: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  purge();
  const daily = setInterval(purge, 24 * 3600_000);
  daily.unref();

  // A quiet counter must not look like a clock jump: the till's heartbeat, once a minute.
  const heartbeat = setInterval(() => {
    try {
      till.observeClock(settings().hall.counterId);
    } catch (e) {
      s.log.warn('till', `clock heartbeat: ${e instanceof Error ? e.message : String(e)}`);
    }
  }, 60_000);
  heartbeat.unref();

  return {
    db,
    audit,
    staff,
    till: () => till,
    journeys: j,
    catalog: catalog.loader,
    catalogError: catalog.error,
    shift,
    pendingCard,
    retention,
    get printing() {
      return { queue, device: devices.printer };
    },
    get idcard() {
      return devices.idcard;
    },
    runShiftCheck: (who) => runShiftCheck({ shift, till, reader: devices.idcard, printer: devices.printer, now: () => clock.now() }, who),
    shiftStatus: (who) => shiftStatus({ shift, till, now: () => clock.now() }, who),
    printZReport: (zNo, staffNo) => printZReportOriginal({ till, queue, hallName: settings().hall.hallName }, zNo, staffNo),
    previewZReport: (zNo) => previewText(zReportDoc(till.zReport(zNo), settings().hall.hallName), devices.printer.model),
    reprint: (input) => reprint({ approvals: staff.approvals, queue, till: () => till }, input),
    async close() {
      clearInterval(heartbeat);
      clearInterval(daily);
      await queue.stop();
      offSettings();
      await devices.close();
    },
  };
}
