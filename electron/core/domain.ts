/**
 * The domain services of one counter, wired together: audit, staff, till, journey, catalog,
 * shift start, privacy, the print queue, the devices (real, or simulated in training mode), and
 * the hall link (sync up, the hall's time for the till).
 * Wiring only: each module owns its tables and rules; what crosses modules goes through the
 * small functions in ./wiring.
 */
import { BilingualError } from '../../base/contract/errors';
import { utcOffsetMinutes } from '../../base/calendar';
import type { ShiftCheckResult, ShiftStatus } from '../../base/contract/journey';
import type { PhotoDecoderInfo } from '../../base/contract/devices';
import { previewText } from '../../native/printer/preview';
import { AuditLog } from './audit';
import { defaultCatalogPath, type CatalogLoader } from './catalog/loader';
import { loadCatalogWithFallback } from './catalog/lastGood';
import { photoDecoderFrom, photoDecoderInfo, photoFor, type IdCardDevice } from './devices/idcardDevice';
import { DeviceSet } from './devices/deviceSet';
import type { PrinterDevice } from './devices/printerDevice';
import { JourneyService } from './journey/service';
import { ShiftStart } from './journey/shiftStart';
import { PrintQueue } from './printing/queue';
import type { PrintJob } from '../../base/contract/printing';
import { createIdHasher, moveLegacyKey, type Retention } from './privacy';
import type { PurgeResult } from './privacy/retention';
import { counterRetention } from './wiring/retention';
import { putFreeText } from './privacy/freeTextStore';
import type { CallerSession } from './rpc/dispatcher';
import type { Services } from './services';
import { createStaffModule, type StaffModule } from './staff';
import type { ApprovalCredentials } from './staff/approvals';
import type { ScryptParams } from '../../base/node/secretHash';
import type { Db, OpenedDb } from './storage/db';
import { Till } from './till';
import { journeyTillPort } from './wiring/journeyTill';
import { PendingCardStore } from './wiring/pendingCard';
import { journeyReceiptPort } from './wiring/receipts';
import { reprint } from './wiring/reprint';
import { runShiftCheck, shiftStatus } from './wiring/shiftCheck';
import { printZReportOriginal, zReportDoc, type ZReportSources } from './wiring/zReport';
import { journeySummary } from './journey/summary';
import { CounterHall } from './sync/counterHall';
import { HallConfig, type HallTillOverlay } from './sync/hallConfig';
import { auditSettingsDiff } from './audit';
import { CounterQueue } from './queue/counterQueue';
import type { LiveState } from './sync/syncer';

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
  /** The retention purge, now: every place of privacy/places.ts (also at start and daily). */
  purgeNow(): PurgeResult | null;
  printing: { queue: PrintQueue; device: PrinterDevice };
  idcard: IdCardDevice;
  runShiftCheck(who: CallerSession): Promise<ShiftCheckResult>;
  /** The administrator's photo decoder, for the device page. */
  photoDecoder(): PhotoDecoderInfo;
  shiftStatus(who: CallerSession): ShiftStatus;
  /** Prints the original Z report after the handover; returns the print job id. */
  printZReport(zNo: number, staffNo: string): string;
  previewZReport(zNo: number): string[];
  /** F8: the one reprint path, approved by the duty manager. */
  reprint(input: { jobId: number; requester: { staffNo: string; counterId: string }; approval: ApprovalCredentials; reason?: string }): PrintJob;
  /** The hall server: enrolment, the sync loop, the hall's time (the till's authority). */
  hall: CounterHall;
  /** Configuration from the hall as applied here: which kinds the hall manages, the last good copies. */
  hallConfig: HallConfig;
  /** The queue at this counter: calling tickets from the hall at the greet step (queue/counterQueue.ts). */
  tickets: CounterQueue;
  close(): Promise<void>;
}

export async function buildDomain(storage: OpenedDb, s: Services, opts: { scrypt?: ScryptParams; catalogPath?: string }): Promise<Domain> {
  const db = storage.db;
  const clock = s.clock;
  const settings = () => s.settings.get();
  // The chains' keys live outside the data folder (secrets/keyStore.ts); app.ts builds the domain only when they opened.
  const keys = s.keys!;
  const audit = new AuditLog(db, clock, keys.key('audit-chain'));
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

  // The hall link: the till takes its time from it (time/hallTime.ts); what the heartbeat says
  // live is read when it is sent (the till and the devices are bound below).
  const counterIdNow = () => settings().hall.counterId;
  // Configuration from the hall: the catalog and the till are bound below, used only after the loop starts.
  const useTill = (o: HallTillOverlay, actor: string): void => {
    const now = settings().till;
    const patch = Object.fromEntries(Object.entries(o).filter(([k, v]) => JSON.stringify(now[k as keyof typeof now]) !== JSON.stringify(v)));
    if (Object.keys(patch).length === 0) return;
    try {
      const change = s.settings.update({ till: patch });
      auditSettingsDiff(audit, { staffNo: actor, counterId: counterIdNow() }, change.before, change.after);
    } catch (e) {
      // The settings file cannot be written: the till still runs on the hall's values (buildTill's overlay).
      s.log.error('settings', `the hall's till settings: ${e instanceof Error ? e.message : String(e)}`);
      till = buildTill();
    }
  };
  const hallConfig = new HallConfig({
    db,
    clock,
    audit,
    accounts: staff.hallAccounts,
    counterId: counterIdNow,
    useCatalog: (yaml, source) => {
      const r = catalog.loader.loadText(yaml, source);
      if (!r.ok) s.log.error('catalog', `${source}: ${r.error.message_en}`);
    },
    useTill,
  });
  const hall: CounterHall = new CounterHall({
    config: hallConfig,
    db,
    clock,
    appVersion: s.version,
    state: (): LiveState => liveState(),
    maxSkewMs: () => settings().till.maxClockSkewMinutes * 60_000,
    onHallTime: (): boolean => till.clockState(counterIdNow()).source === 'hall',
    audit: (kind, detail, actor) => auditEvent(kind, detail, actor),
    onStatus: (st) => s.bus.emit('hall.changed', st),
  });

  // The till reads its tolerance, clock-jump limit and calendar at construction: it is rebuilt
  // whenever the settings change, so the next operation uses the new values.
  // Till events name the person who acted (`actor`) beside whose till it is (`staffNo`): the audit entry is the actor's.
  const buildTill = (): Till =>
    new Till({
      db,
      clock,
      timeAuthority: hall.time,
      chainKey: keys.key('ledger-chain'),
      settings: { ...settings().till, ...hallConfig.tillOverlay() },
      approver: staff.approvals,
      openJourneys,
      auditHead: () => audit.head(),
      onEvent: (kind, detail) => {
        const d = detail as { actor?: string | null; staffNo?: string };
        auditEvent(kind, detail, d.actor ?? d.staffNo ?? null);
      },
    });
  let till: Till = buildTill();

  const catalog = loadCatalogWithFallback(db, opts.catalogPath ?? process.env.COUNTERDESK_CATALOG ?? defaultCatalogPath());
  // Once the hall manages the catalog, its last good copy is the one in use, whatever the file says.
  const hallCatalog = hallConfig.stored('catalog');
  if (hallCatalog?.document && catalog.loader.loadText(hallCatalog.document, `hall catalog v${hallCatalog.version}`).ok) catalog.error = null;
  if (catalog.error) s.log.error('catalog', catalog.error.message_en);
  // The settings in line with the hall's last applied till settings and calendar (a crash between the two writes).
  hallConfig.reconcile();

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
  const photoDecoder = photoDecoderFrom(s.install);
  devices.onCard((e) => {
    void photoFor(photoDecoder, e.photo).then((photo) => {
      pendingCard.put({ card: e.card, photo, readAt: clock.now() });
      s.bus.emit('card.read', { at: clock.now() });
    });
  });

  // The check is kept per till session: the till (rebuilt on settings changes) names the open one.
  const shift = new ShiftStart(db, clock, (counterId) => till.openSessionAt(counterId)?.id ?? null);
  // An earlier version's key beside the database goes into the keystore before anything hashes.
  const moved = moveLegacyKey(s.dataDir, keys);
  if (moved) {
    const words = { moved: 'moved into the key store', same: 'already in the key store', differs: 'differed from the key store’s key, which stays' }[moved.outcome];
    s.log[moved.outcome === 'differs' ? 'warn' : 'info']('privacy', `${moved.file}: ${words}; the file was removed from the data folder`);
    auditEvent('privacy.key_moved', { outcome: moved.outcome });
  }
  journeys = new JourneyService({
    db,
    clock,
    catalog: () => catalog.loader.current(),
    hashIdNumber: createIdHasher(keys),
    till: journeyTillPort({
      till: () => till,
      counterId: () => settings().hall.counterId,
      actorOf: (journeyId) => journeys?.get(journeyId)?.clerkId ?? null,
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

  const { retention, purgeNow } = counterRetention({
    db,
    audit,
    clock,
    log: s.log,
    retentionDays: () => settings().privacy.retentionDays,
    journeys: j,
    queue,
    pendingCard,
  });
  purgeNow();
  const daily = setInterval(() => purgeNow(), 24 * 3600_000);
  daily.unref();

  // The till's clock is read at start (a change made while the app was closed shows at once, in
  // the header too) and then once a minute (docs/architecture.md, "Trusted time").
  const observeClock = () => {
    try {
      till.observeClock(settings().hall.counterId);
    } catch (e) {
      s.log.warn('till', `clock heartbeat: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  observeClock();
  const heartbeat = setInterval(observeClock, 60_000);
  heartbeat.unref();

  // What the hall's heartbeat says right now: who is signed in here, the devices, the till's clock.
  const clip = (t: string) => (t.length > 200 ? `${t.slice(0, 199)}…` : t);
  const liveState = (): LiveState => {
    const here = staff.sessions.forCounter(counterIdNow()).sort((a, b) => b.lastActiveAt - a.lastActiveAt)[0];
    const dev = s.devices.get();
    const slot = (d: { state: string; message_en: string }) => ({ state: d.state, detail: clip(d.message_en) });
    const c = till.clockState(counterIdNow());
    return {
      signedIn: here ? { staffNo: here.staffNo, role: here.role } : null,
      devices: { idcard: slot(dev.idcard), printer: slot(dev.printer), drawer: slot(dev.drawer), database: slot(dev.database) },
      clock: { state: c.state, source: c.source },
    };
  };
  // Whatever the counter records (a journey step, a till action, a sign-in) nudges the sync loop:
  // a round a moment later, never inside the clerk's call.
  const offAudit = audit.onAppend(() => hall.nudge());
  hall.start();

  const tickets = new CounterQueue({ db, clock, catalog: () => catalog.loader.current(), log: (m) => s.log.warn('queue', m) });

  const zSources = (): ZReportSources => ({
    hallName: settings().hall.hallName,
    summary: (counterId, from, to) => journeySummary(db, counterId, from, to),
    businessName: (code) => catalog.loader.current().businesses.find((b) => b.code === code)?.name_zh ?? code,
  });

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
    purgeNow: () => purgeNow(),
    get printing() {
      return { queue, device: devices.printer };
    },
    get idcard() {
      return devices.idcard;
    },
    photoDecoder: () => photoDecoderInfo(s.install, s.settings.notices),
    runShiftCheck: (who) => runShiftCheck({ shift, till, reader: devices.idcard, printer: devices.printer, photoDecoder: photoDecoderInfo(s.install), now: () => clock.now() }, who),
    shiftStatus: (who) => shiftStatus({ shift, till, now: () => clock.now() }, who),
    printZReport: (zNo, staffNo) => printZReportOriginal({ till, queue, sources: zSources() }, zNo, staffNo),
    previewZReport: (zNo) => previewText(zReportDoc(till.zReport(zNo), zSources()), devices.printer.model),
    reprint: (input) => reprint({ approvals: staff.approvals, queue, till: () => till, note: (text) => putFreeText(db, 'print.reprint_reason', text, clock.now()) }, input),
    hall,
    hallConfig,
    tickets,
    async close() {
      offAudit();
      tickets.close();
      await hall.stop();
      clearInterval(heartbeat);
      clearInterval(daily);
      await queue.stop();
      offSettings();
      await devices.close();
    },
  };
}
