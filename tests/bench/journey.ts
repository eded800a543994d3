/**
 * Journey benchmark: the standard new line (新装入网, resident card, consent, 58.00 paid with
 * 100.00 cash, one recommendation declined, hand-over, farewell) played N times in headless
 * Chromium against browser mode, key press by key press as tests/e2e/journey.test.ts plays it.
 *
 * Devices: training mode — the in-process simulated reader and printer (the default settings).
 * The customer's card goes on the reader through `training.placeCard` over /rpc with the
 * clerk's own session (taken from her sign-in reply), so the figures are the app's, not a
 * pty's; tests/bench/idcard.ts and printer.ts measure the serial links.
 *
 *   (a) the clerk's clicks and key presses per journey, beyond typing field values (the queue
 *       ticket, number, ICCID and the tendered amount) — target ≤ 12. Moving focus into a field
 *       that is not focused for her counts: a clerk has to click it too.
 *   (b) for each action that advances a step: key press/click → the next step's panel visible,
 *       measured inside the page (capture-phase input listener → MutationObserver → next
 *       animation frame), and the /rpc round-trip of that step's journey call as Chromium
 *       saw it (Playwright request timing: request start → last byte).
 *
 * npm run bench -- journey [--runs 20]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser, Request } from 'playwright-core';
import { startBrowserMode, type BrowserModeApp } from '../helpers/browserMode';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../helpers/chromium';
import { guardPage } from '../helpers/pageGuard';
import { recordFigure } from './figures';
import { fmtMs, summarize } from './stats';

const TARGET_ACTIONS = 12;
/** 10:00 on a Monday in Shanghai: opening hours and the business day never depend on when the bench runs. */
const CLOCK_START = '2025-06-02T02:00:00.000Z';
const WAIT_MS = 15_000;

/**
 * Installed before the renderer loads. __benchArm(sel) starts watching for `sel` to become
 * visible; the first keydown/click after arming is the start; __benchWait() resolves with the
 * milliseconds from that input to the animation frame after the panel appeared, and from the
 * last byte of the first /rpc reply after the input (resource timing) to that frame. Plain script
 * text, not a serialized function: tsx's name-keeping helpers do not exist inside the page.
 */
const PAGE_PROBE = `
(() => {
  let armed = null;
  const onInput = () => { if (armed && armed.start === null) armed.start = performance.now(); };
  window.addEventListener('keydown', onInput, true);
  window.addEventListener('click', onInput, true);
  window.__benchArm = (sel) => {
    performance.clearResourceTimings(); // the buffer holds 250 entries; a bench run makes thousands
    const state = { start: null, sel };
    let resolve;
    state.done = new Promise((r) => { resolve = r; });
    const visible = () => { const el = document.querySelector(sel); return !!el && el.getClientRects().length > 0; };
    const obs = new MutationObserver(() => {
      if (state.start === null || !visible()) return;
      obs.disconnect();
      requestAnimationFrame(() => {
        const at = performance.now();
        // The first /rpc the input caused is the journey call; its last byte splits IPC from render.
        const rpc = performance.getEntriesByType('resource')
          .filter((e) => e.name.endsWith('/rpc') && e.startTime >= state.start)
          .sort((a, b) => a.startTime - b.startTime)[0];
        resolve({ total: at - state.start, afterReply: rpc ? at - rpc.responseEnd : null });
      });
    });
    obs.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-step', 'style', 'class'] });
    armed = state;
  };
  window.__benchWait = () => armed.done;
})();
`;

interface Action {
  step: string;
  kind: 'key' | 'click';
  what: string;
}

interface Advance {
  label: string;
  renderMs: number;
  /** Reply of the journey call → panel on screen: React + antd rendering, in the page. */
  afterReplyMs: number | null;
  methods: string[];
  rpcMs: number[];
  rpcCalls: number;
}

interface RpcRecord {
  method: string;
  window: number;
  done: Promise<number>;
}

/** What would remove an action from the standard journey; printed when the target is missed. */
const UI_FIX: Record<string, string> = {
  'verify:key Space': 'Enter on a read card = "face matches, confirm" (one deliberate key instead of Space then Enter)',
  'process:click field-plan': 'plan options as digit keys (1–4) like the need step, or a searchable select that takes the typed digit',
  'process:click plan option': 'same as above: picking the plan by digit needs no opening click and no option click',
  'process:click field-sim_serial': 'Enter in a field moves to the next (as the float form does) or focus jumps on when the number is complete; the ICCID scanner sends Enter itself',
  'recommend:click recommend-submit': 'the answer key submits when every shown offer has an answer (or N = declined + next)',
  'handover:click handover-idcard': 'one "全部已交还 (Enter)" confirmation that ticks all three, read out as one checklist',
  'handover:click handover-documents': 'as above',
  'handover:click handover-receipt': 'as above; the receipt tick could also follow the printer\'s cut confirmation',
  'farewell:key Enter': 'F2 on the farewell screen finishes this customer and greets the next one',
};

export async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { runs: { type: 'string' } }, allowPositionals: true });
  const runs = Number(values.runs ?? 20);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive whole number, got ${values.runs}`);
  if (!chromiumAvailable()) throw new Error(`journey bench needs Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-bench-journey-'));
  let app: BrowserModeApp | undefined;
  let browser: Browser | undefined;
  try {
    const tStart = performance.now();
    app = await startBrowserMode({ dataDir, clockStart: CLOCK_START });
    const origin = app.origin;
    const token = app.token;
    const rpc = async (method: string, input: unknown, session?: string): Promise<Record<string, unknown>> => {
      const r = await fetch(`${origin}/rpc`, { method: 'POST', headers: { 'X-CounterDesk-Token': token }, body: JSON.stringify({ method, input, session }) });
      const body = (await r.json()) as { ok: boolean; result: Record<string, unknown>; error?: { code: string; message_en: string } };
      if (!body.ok) throw new Error(`${method}: ${body.error?.code} ${body.error?.message_en}`);
      return body.result;
    };
    await rpc('staff.createFirstAdmin', { staffNo: '9001', name: '赵管理', password: 'admin-pass-1' });
    const admin = (await rpc('staff.signIn', { staffNo: '9001', secret: 'admin-pass-1' })).session as string;
    await rpc('staff.create', { staffNo: '1024', name: '王丽', role: 'clerk', secret: '2580' }, admin);
    await rpc('staff.signOut', {}, admin);

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    const guard = guardPage(page);
    await page.addInitScript({ content: PAGE_PROBE });

    // Every /rpc the page makes, labelled with the advance it belongs to.
    let rpcWindow = 0;
    const rpcs: RpcRecord[] = [];
    let clerkSession: string | null = null;
    page.on('request', (req: Request) => {
      if (!req.url().endsWith('/rpc')) return;
      let method = '?';
      try {
        method = (JSON.parse(req.postData() ?? '{}') as { method?: string }).method ?? '?';
      } catch {
        /* not ours to judge: counted as '?' */
      }
      const sent = performance.now();
      const done = (async () => {
        const res = await req.response();
        if (method === 'staff.signIn' && res) {
          const body = (await res.json()) as { ok: boolean; result?: { session?: string } };
          if (body.ok && body.result?.session) clerkSession = body.result.session;
        }
        await res?.finished();
        const t = req.timing();
        return t.responseEnd >= 0 ? t.responseEnd : performance.now() - sent;
      })();
      rpcs.push({ method, window: rpcWindow, done });
    });

    const step = (name: string) => `[data-testid="journey"][data-step="${name}"]`;
    const visible = (sel: string) => page.locator(sel).waitFor({ timeout: WAIT_MS });

    // ── the shift, once: sign in, open the till, shift-start check (not counted) ──
    await page.goto(app.url);
    await page.getByTestId('signin-page').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('signin-staffno').fill('1024');
    await page.getByTestId('signin-secret').fill('2580');
    await page.keyboard.press('Enter');
    await page.getByTestId('shift-check').waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('F5');
    await page.getByTestId('open-float').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('open-item-sim_card').fill(String(runs + 10));
    await page.getByTestId('count-note_100').fill('2');
    await page.getByTestId('count-note_50').fill('4');
    await page.getByTestId('count-coin_1').fill('20');
    await page.getByTestId('open-float-submit').click();
    await page.getByTestId('till-start-count').waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('F2');
    await page.getByTestId('shift-run').click();
    await page.getByTestId('new-customer').waitFor({ timeout: WAIT_MS });
    const session = clerkSession as string | null;
    if (!session) throw new Error('did not see the clerk’s session in her sign-in reply');
    const setupS = (performance.now() - tStart) / 1000;

    // ── the clerk's hands ──
    let actions: Action[] = [];
    let current = '';
    const press = async (key: string) => {
      actions.push({ step: current, kind: 'key', what: key === ' ' ? 'Space' : key });
      await page.keyboard.press(key);
    };
    const typeText = (text: string) => page.keyboard.type(text); // field values: not counted
    const fieldKey = (key: string) => page.keyboard.press(key); // moving between / choosing in fields: typing, not counted
    const advances: Advance[] = [];
    const advance = async (label: string, sel: string, act: () => Promise<void>) => {
      rpcWindow++;
      const win = rpcWindow;
      await page.evaluate(`window.__benchArm(${JSON.stringify(sel)})`);
      await act();
      const seen = (await Promise.race([
        page.evaluate('window.__benchWait()'),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`${label}: ${sel} not visible in ${WAIT_MS} ms`)), WAIT_MS)),
      ])) as { total: number; afterReply: number | null };
      await visible(sel);
      const mine = rpcs.filter((r) => r.window === win);
      const journeyCalls = mine.filter((r) => r.method === 'journey.act' || r.method === 'journey.begin');
      advances.push({ label, renderMs: seen.total, afterReplyMs: seen.afterReply, methods: mine.map((r) => r.method), rpcMs: await Promise.all(journeyCalls.map((r) => r.done)), rpcCalls: mine.length });
      rpcWindow++; // later calls (SSE-triggered reloads, typing) belong to no advance
    };

    const cardMs: number[] = [];
    const perJourneyMs: number[] = [];
    let firstActions: Action[] = [];
    for (let i = 0; i < runs; i++) {
      actions = [];
      const t0 = performance.now();
      current = 'begin';
      await advance('F2 → greet', step('greet'), () => press('F2'));
      current = 'greet';
      await typeText(`A${String(i + 1).padStart(3, '0')}`);
      await advance('Enter → need', step('need'), () => press('Enter'));
      current = 'need';
      await press('1'); // 新装入网
      await advance('Enter → verify', step('verify'), () => press('Enter'));
      current = 'verify';
      // The customer puts her card on the reader: hers, not the clerk's, action.
      await page.getByTestId('verify-waiting').waitFor({ timeout: WAIT_MS });
      const placed = performance.now();
      await rpc('training.placeCard', { sample: 'resident' }, session);
      await page.getByTestId('verify-card').waitFor({ timeout: WAIT_MS });
      cardMs.push(performance.now() - placed);
      await advance('Enter → consent', step('consent'), () => press('Enter'));
      current = 'consent';
      await advance('y → process', step('process'), () => press('y'));
      current = 'process';
      await typeText(`1380013${String(i).padStart(4, '0')}`); // the number field has the focus
      // Field entry by keyboard — Enter moves to the next empty field, typing 58 filters the
      // plans and Enter picks it — is typing the business fields, which the target excludes.
      await fieldKey('Enter');
      await typeText('58');
      await fieldKey('Enter');
      await typeText(`8986011234567${String(i).padStart(6, '0')}`);
      await advance('Enter → payment', step('payment'), () => press('Enter'));
      current = 'payment';
      await typeText('100');
      await advance('Enter → recommend', step('recommend'), () => press('Enter'));
      current = 'recommend';
      await press('d'); // declines the first product offered
      await advance('Enter → handover', step('handover'), () => press('Enter'));
      current = 'handover';
      await page.getByTestId('receipt-queued').waitFor({ timeout: WAIT_MS });
      await advance('Enter → farewell', step('farewell'), () => press('Enter'));
      current = 'farewell';
      await advance('Enter → ready', '[data-testid="new-customer"]', () => press('Enter'));
      perJourneyMs.push(performance.now() - t0);
      await rpc('training.removeCard', {}, session); // she took her card back at hand-over
      if (i === 0) firstActions = actions;
      else if (actions.length !== firstActions.length) throw new Error(`run ${i + 1}: ${actions.length} actions, the first run had ${firstActions.length}`);
    }

    report({ runs, setupS, firstActions, advances, cardMs, perJourneyMs, problems: guard.problems });
  } finally {
    await browser?.close().catch(() => undefined);
    await app?.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(r: { runs: number; setupS: number; firstActions: Action[]; advances: Advance[]; cardMs: number[]; perJourneyMs: number[]; problems: string[] }): void {
  const out: string[] = [];
  const n = r.firstActions.length;
  out.push(`journey: ${r.runs} × the standard new line in headless Chromium, browser mode, training mode (in-process simulated reader + printer); shift set-up ${r.setupS.toFixed(1)} s`);
  out.push(`(a) clerk actions per journey (keys + clicks, field typing excluded): ${n} — target ≤ ${TARGET_ACTIONS}: ${n <= TARGET_ACTIONS ? 'met' : `NOT met (${n - TARGET_ACTIONS} over)`}`);
  const bySteps = new Map<string, Action[]>();
  for (const a of r.firstActions) bySteps.set(a.step, [...(bySteps.get(a.step) ?? []), a]);
  for (const [s, as] of bySteps) out.push(`    ${s.padEnd(10)} ${String(as.length).padStart(2)}  ${as.map((a) => `${a.kind} ${a.what}`).join(', ')}`);
  if (n > TARGET_ACTIONS) {
    out.push('    removable with a UI change:');
    for (const a of r.firstActions) {
      const fix = UI_FIX[`${a.step}:${a.kind} ${a.what}`];
      if (fix) out.push(`      - ${a.step} ${a.kind} ${a.what}: ${fix}`);
    }
  }
  out.push(`(b) per advancing action, ms (${r.runs} samples a row)`);
  // Columns: render+IPC median/p95/max | rpc median/p95 | render median/p95 | calls.
  const line = (label: string, cells: string[]) =>
    `    ${label.padEnd(20)} ${cells.slice(0, 3).map((x) => x.padStart(7)).join('')}   ${cells.slice(3, 5).map((x) => x.padStart(7)).join('')}   ${cells.slice(5, 7).map((x) => x.padStart(7)).join('')}   ${cells[7] ?? ''}`;
  out.push(`    ${''.padEnd(20)}  press → panel (render+IPC)   rpc round-trip    reply → panel   /rpc calls`);
  out.push(line('', ['median', 'p95', 'max', 'median', 'p95', 'median', 'p95', 'per step']));
  const labels = [...new Set(r.advances.map((a) => a.label))];
  const row = (label: string, as: Advance[]) => {
    const render = summarize(as.map((a) => a.renderMs));
    const rpc = summarize(as.flatMap((a) => a.rpcMs));
    const after = summarize(as.flatMap((a) => (a.afterReplyMs === null ? [] : [a.afterReplyMs])));
    const calls = summarize(as.map((a) => a.rpcCalls));
    out.push(line(label, [render.median, render.p95, render.max, rpc.median, rpc.p95, after.median, after.p95].map(fmtMs).concat(String(calls.median))));
  };
  for (const l of labels) row(l, r.advances.filter((a) => a.label === l));
  row(`all ${r.advances.length}`, r.advances);
  recordFigure('journey.clerkActions', n, 'actions', 'clerk actions for the standard new-line journey, beyond typing the fields');
  recordFigure('journey.stepMs', summarize(r.advances.map((a) => a.renderMs)), 'ms', 'app time per step (key press → next step on screen, render + IPC)');
  recordFigure('journey.actMs', summarize(r.advances.flatMap((a) => a.rpcMs)), 'ms', 'of which the journey.act call');
  // What the page asks for on each advance: the journey call, then the refreshes its event triggers.
  const sets = new Map<string, number>();
  for (const a of r.advances) sets.set(a.methods.join(' + '), (sets.get(a.methods.join(' + ')) ?? 0) + 1);
  const common = [...sets].sort((x, y) => y[1] - x[1])[0];
  if (common) out.push(`    /rpc calls of a typical advance (${common[1]} of ${r.advances.length}): ${common[0]}`);
  const card = summarize(r.cardMs);
  const whole = summarize(r.perJourneyMs);
  out.push(`    card placed (rpc) → card on screen: median ${fmtMs(card.median)} ms, p95 ${fmtMs(card.p95)} ms (includes the reader's polling interval)`);
  out.push(`    whole journey as scripted (no think time, Playwright overhead included): median ${fmtMs(whole.median)} ms, p95 ${fmtMs(whole.p95)} ms`);
  out.push(`    console errors / CSP violations / failed requests in the page: ${r.problems.length}${r.problems.length ? ' — ' + r.problems.slice(0, 3).join(' | ') : ''}`);
  process.stdout.write(out.join('\n') + '\n');
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(path.resolve(entry)).href) {
  await bench(process.argv.slice(2));
}
