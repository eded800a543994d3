// Personal data stays where it belongs: a full service journey with the sample resident card
// (王秀英) runs through the real core with the app log in the data folder and echoed to stderr;
// afterwards no log line, nothing the process printed and no byte of the SQLite files holds the
// full ID number, the name or the address. The one sanctioned view of the full card (the
// verify step) is itself recorded in the audit log as pii.view.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/app';
import { ManualClock } from '../../../base/clock';
import { DB_FILE } from '../../../electron/core/storage/db';
import { readCardDescription, sampleCardPath } from '../../../native/idcard/sim/cards';
import { testCore } from '../../helpers/core';
import { FAST_SCRYPT } from '../../helpers/scrypt';
import { nextEvent, staffUp, STAFF } from '../../helpers/counterDay';

const T0 = Date.parse('2026-11-26T10:00:00+08:00');
/** An 18-character resident ID number standing on its own (not part of a longer token). */
const ID18 = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;
const SAMPLE = readCardDescription(sampleCardPath('resident'));

let core: (Core & { dataDir: string }) | null = null;
let restore: (() => void) | null = null;
afterEach(async () => {
  restore?.();
  restore = null;
  if (core) {
    await core.close();
    fs.rmSync(core.dataDir, { recursive: true, force: true });
    core = null;
  }
});

/** Everything written to this process's stdout and stderr until restored. */
function captureOutput(): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const outWrite = process.stdout.write.bind(process.stdout);
  const errWrite = process.stderr.write.bind(process.stderr);
  const tap = (orig: typeof process.stdout.write) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (orig as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = tap(outWrite);
  process.stderr.write = tap(errWrite);
  return {
    text: () => chunks.join(''),
    restore: () => {
      process.stdout.write = outWrite;
      process.stderr.write = errWrite;
    },
  };
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

/** The personal values of the sample card, as the bytes that would betray them. */
const SECRETS: { label: string; value: string }[] = [
  { label: 'ID number', value: SAMPLE.idNumber },
  { label: 'name', value: SAMPLE.name },
  { label: 'address', value: SAMPLE.address ?? '' },
  { label: 'appended address', value: (SAMPLE as { appendedAddress?: string }).appendedAddress ?? '' },
].filter((s) => s.value.length > 0);

function leaksIn(bytes: Buffer): string[] {
  return SECRETS.filter((s) => bytes.includes(Buffer.from(s.value, 'utf8'))).map((s) => s.label);
}

describe('no personal data in logs, output or the database', () => {
  it('a full journey with the resident card leaves the ID number, name and address nowhere on disk or screen output', async () => {
    expect(SAMPLE.name).toBe('王秀英');
    expect(SAMPLE.idNumber).toMatch(ID18);
    const echoBefore = process.env.COUNTERDESK_LOG_ECHO;
    process.env.COUNTERDESK_LOG_ECHO = '1';
    const out = captureOutput();
    restore = () => {
      out.restore();
      if (echoBefore === undefined) delete process.env.COUNTERDESK_LOG_ECHO;
      else process.env.COUNTERDESK_LOG_ECHO = echoBefore;
    };

    const clock = new ManualClock(T0);
    core = await testCore({ clock, scrypt: FAST_SCRYPT });
    const dataDir = core.dataDir;
    const c = await staffUp(core);
    await c.call('till.open', { float: { note_100: 2, note_50: 4, note_10: 10, coin_1: 20 }, items: { sim_card: 20, value_card: 10, invoice_paper: 100 } });
    expect((await c.call('shift.run', {})).result).not.toBe('fail');

    // The journey, step by step (as in tests/integration/counter/journey.test.ts).
    let j = await c.call('journey.begin', {});
    j = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'greet', ticket: 'A023' } });
    j = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'chooseBusinesses', codes: ['new_line'] } });
    expect(j.step).toBe('verify');
    const read = nextEvent(core, 'card.read');
    await c.call('training.placeCard', { sample: 'resident' });
    await read;
    const pending = await c.call('journey.pendingCard', {});
    // The verify step is the one place the full card is shown …
    expect(pending.card?.idNumber).toBe(SAMPLE.idNumber);
    expect(pending.card?.name).toBe(SAMPLE.name);
    // … and that view is recorded: who, why, which fields — never the values.
    const views = core.services.domain!.audit.query({ kindPrefix: 'pii.view' }).entries;
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ actor: STAFF.clerk.staffNo, counterId: '03', detail: { purpose: 'journey.verify', ref: j.journeyId } });
    expect(views[0]!.detail.fields).toEqual(expect.arrayContaining(['id_number', 'name']));

    j = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'verifyCard', faceConfirmed: true } });
    expect(j.customer?.idMasked).toBe(`**************${SAMPLE.idNumber.slice(-4)}`);
    j = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'answerConsent', code: 'new_line', answer: 'agreed' } });
    j = await c.call('journey.act', {
      journeyId: j.journeyId,
      command: { type: 'submitBusiness', code: 'new_line', fields: { phone_number: '13800138000', plan: 'plan_58', sim_serial: '8986011234567890123' }, feeFen: 5800 },
    });
    j = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'payCash', tenderedFen: 10000 } });
    j = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'recommend', offers: [{ productCode: 'broadband_bundle', outcome: 'declined' }] } });
    expect(j.receipt?.status).toBe('queued');
    const receipt = await core.services.domain!.printing.queue.whenSettled(Number(j.receipt?.jobId));
    expect(receipt.state).toBe('printed');
    j = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'handOver', idCardReturned: true, documentsReturned: true, receiptInFolder: true } });
    j = await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'farewell' } });
    expect(j.step).toBe('closed');
    // Reading the card once more after the journey shows nothing (no open verify step).
    expect((await c.call('journey.pendingCard', {})).card).toBeNull();

    // While the core is running: the database and its WAL as they are on disk now.
    const dbFile = path.join(dataDir, DB_FILE);
    const live = [dbFile, `${dbFile}-wal`].filter((f) => fs.existsSync(f));
    expect(live).toContain(`${dbFile}-wal`);
    for (const f of live) expect(leaksIn(fs.readFileSync(f)), path.basename(f)).toEqual([]);

    // The safety net under the whole log: an exception message that carries a number by
    // mistake (the kind of line the dispatcher logs for an unexpected error) reaches the file
    // and the echo only masked. It also proves both scans below read real, captured output.
    const masked = `**************${SAMPLE.idNumber.slice(-4)}`;
    core.services.log.error('rpc', `journey.act: Error: no customer record for ${SAMPLE.idNumber}`);

    await core.close();
    const closed = core;
    core = null;
    out.restore();

    const logFile = path.join(dataDir, 'logs', 'counterdesk.log');
    expect(fs.existsSync(logFile)).toBe(true);
    const logText = fs.readFileSync(logFile, 'utf8');
    const printed = out.text();
    expect(logText).toContain(`[rpc] journey.act: Error: no customer record for ${masked}`);
    expect(printed).toContain(`no customer record for ${masked}`);
    for (const [where, text] of [['log file', logText], ['stdout/stderr', printed]] as const) {
      for (const line of text.split('\n')) {
        expect(line, where).not.toContain(SAMPLE.idNumber);
        expect(line, where).not.toContain(SAMPLE.name);
        expect(line, where).not.toMatch(ID18);
      }
    }

    // Every file the app left in its data folder: database, WAL, settings, logs, keys.
    const files = filesUnder(dataDir);
    expect(files).toContain(dbFile);
    for (const f of files) expect(leaksIn(fs.readFileSync(f)), path.relative(dataDir, f)).toEqual([]);
    fs.rmSync(closed.dataDir, { recursive: true, force: true });
  });
});
