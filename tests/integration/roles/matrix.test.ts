// The role matrix: every method of the contract, called through the real dispatcher by every
// kind of caller. The dispatcher's access decision must match the method's declared `access`
// exactly — refused with NOT_SIGNED_IN / FORBIDDEN_ROLE / SESSION_LOCKED when it should be, and
// never refused with one of those when it should not. The method list comes from the contract,
// so a method added tomorrow is covered without touching this file.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/app';
import { ManualClock } from '../../../base/clock';
import type { ErrorShape } from '../../../base/contract/errors';
import { methods, type MethodName } from '../../../base/contract/methods';
import { ROLES, type Access, type CounterRole, type Role } from '../../../base/contract/roles';
import { testCore } from '../../helpers/core';
import { FAST_SCRYPT } from '../../helpers/scrypt';
import { STAFF } from '../../helpers/counterDay';

// 10:00 in Shanghai on a Thursday: the hall is open.
const T0 = Date.UTC(2026, 10, 26, 2, 0, 0);
const ACCESS_CODES = ['NOT_SIGNED_IN', 'FORBIDDEN_ROLE', 'SESSION_LOCKED'] as const;
type AccessCode = (typeof ACCESS_CODES)[number];

const CALLERS = ['nobody', 'clerk', 'duty_manager', 'admin', 'locked_clerk'] as const;
type CallerKind = (typeof CALLERS)[number];

const METHOD_NAMES = Object.keys(methods) as MethodName[];

const CREDS: Record<CounterRole, { staffNo: string; secret: string }> = {
  clerk: STAFF.clerk,
  duty_manager: STAFF.manager,
  admin: STAFF.admin,
};

/** The person behind a caller kind (nobody: the clerk, for sign-in style inputs). */
function personOf(kind: CallerKind): { staffNo: string; secret: string } {
  if (kind === 'duty_manager' || kind === 'admin') return { staffNo: CREDS[kind].staffNo, secret: CREDS[kind].secret };
  return { staffNo: STAFF.clerk.staffNo, secret: STAFF.clerk.secret };
}

/**
 * A minimal valid-looking input per method. Missing methods get `{}`: the dispatcher decides
 * access before it validates input, so INVALID_INPUT still proves the call got past the roles.
 */
function inputFor(m: MethodName, kind: CallerKind): unknown {
  const me = personOf(kind);
  const manager = { staffNo: STAFF.manager.staffNo, secret: STAFF.manager.secret };
  const samples: Partial<Record<MethodName, unknown>> = {
    'settings.update': { patch: { hall: { hallName: '矩阵测试营业厅' } } },
    'app.ping': { echo: 'matrix' },
    'staff.createFirstAdmin': { staffNo: '9100', name: '再来管理', password: 'another-pass-1' },
    'staff.signIn': me,
    'staff.unlock': me,
    'staff.create': { staffNo: '1100', name: '新同事', role: 'clerk', secret: '1357' },
    'staff.changeRole': { staffNo: STAFF.clerk.staffNo, role: 'clerk' },
    'staff.resetSecret': { staffNo: STAFF.clerk.staffNo, secret: '2468' },
    'staff.deactivate': { staffNo: STAFF.clerk.staffNo },
    'audit.query': { limit: 5 },
    'till.open': { float: { note_100: 2, coin_1: 10 }, items: { sim_card: 5, value_card: 2, invoice_paper: 50 } },
    'till.movement': { kind: 'cash_in', amountFen: 1000, reason: '补充零钱' },
    'till.count': { cash: { note_100: 2 } },
    'till.settle': { idempotencyKey: 'matrix-settle-1' },
    'till.approveEarly': { approval: manager, reasonCode: 'illness' },
    'till.handover': { amountFen: 20000, bagNo: 'B001', sealNo: 'S001', clerkSecret: me.secret, receiver: manager },
    'till.zReport': { zNo: 1 },
    'till.earlyEvents': { from: 0, to: T0 + 86_400_000 },
    'journey.act': { journeyId: 'j-none', command: { type: 'greet', ticket: 'A001' } },
    'print.reprint': { jobId: 1, approval: manager },
    'print.preview': { jobId: 1 },
    'devices.detectReader': { ports: [] },
    'devices.testRead': { timeoutMs: 500 },
    'training.placeCard': { sample: 'resident' },
    'training.printer': { action: 'paper-in' },
  };
  return m in samples ? samples[m] : {};
}

/**
 * Public methods whose handler itself needs a session (documented in the contract): called by
 * nobody they pass the dispatcher but the handler answers NOT_SIGNED_IN.
 */
const PUBLIC_BUT_NEEDS_SESSION: readonly MethodName[] = ['staff.whoami', 'staff.unlock'];

/** What the dispatcher must decide from the declared access alone. */
function expectedDecision(access: Access, kind: CallerKind): 'allowed' | AccessCode {
  if (access === 'public') return 'allowed';
  if (kind === 'nobody') return 'NOT_SIGNED_IN';
  if (kind === 'locked_clerk') return 'SESSION_LOCKED';
  if (access === 'signed-in') return 'allowed';
  return access.includes(kind) ? 'allowed' : 'FORBIDDEN_ROLE';
}

interface Fixture {
  core: Core & { dataDir: string };
  session: string | undefined;
}

async function rpc(core: Core, method: string, input: unknown, session?: string) {
  return core.dispatch({ method, input, session }, 'http');
}

async function mustOk(core: Core, method: MethodName, input: unknown, session?: string): Promise<Record<string, unknown>> {
  const r = await rpc(core, method, input, session);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message_en}`);
  return r.result as Record<string, unknown>;
}

/** A fresh core with the three staff, and a session of the given kind at counter 03. */
async function fixture(kind: CallerKind): Promise<Fixture> {
  const core = await testCore({ clock: new ManualClock(T0), scrypt: FAST_SCRYPT });
  await mustOk(core, 'staff.createFirstAdmin', { staffNo: STAFF.admin.staffNo, name: STAFF.admin.name, password: STAFF.admin.secret });
  const admin = (await mustOk(core, 'staff.signIn', { staffNo: STAFF.admin.staffNo, secret: STAFF.admin.secret })).session as string;
  await mustOk(core, 'staff.create', { staffNo: STAFF.clerk.staffNo, name: STAFF.clerk.name, role: 'clerk', secret: STAFF.clerk.secret }, admin);
  await mustOk(core, 'staff.create', { staffNo: STAFF.manager.staffNo, name: STAFF.manager.name, role: 'duty_manager', secret: STAFF.manager.secret }, admin);
  if (kind === 'admin') return { core, session: admin };
  await mustOk(core, 'staff.signOut', {}, admin);
  if (kind === 'nobody') return { core, session: undefined };
  const who = personOf(kind);
  const session = (await mustOk(core, 'staff.signIn', who)).session as string;
  if (kind === 'locked_clerk') {
    const locked = await mustOk(core, 'staff.lock', {}, session);
    expect(locked.locked).toBe(true);
  }
  return { core, session };
}

async function dispose(f: Fixture): Promise<void> {
  await f.core.close();
  fs.rmSync(f.core.dataDir, { recursive: true, force: true });
}

describe('the contract declares who may call each method', () => {
  it('every method has a non-empty summary and a valid access value', () => {
    expect(METHOD_NAMES.length).toBeGreaterThan(0);
    for (const m of METHOD_NAMES) {
      const def = methods[m];
      expect(def.summary.trim().length, m).toBeGreaterThan(0);
      const a: Access = def.access;
      if (a === 'public' || a === 'signed-in') continue;
      expect(Array.isArray(a), m).toBe(true);
      expect(a.length, `${m}: an empty role list would lock everybody out`).toBeGreaterThan(0);
      for (const r of a) expect(ROLES, m).toContain(r);
      expect(new Set(a).size, `${m}: duplicate roles`).toBe(a.length);
    }
  });

  it('the method list and its access match the reviewed snapshot (update with -u after a deliberate change)', () => {
    const table = Object.fromEntries(METHOD_NAMES.map((m) => [m, methods[m].access === 'public' || methods[m].access === 'signed-in' ? methods[m].access : [...methods[m].access].join(',')]));
    expect(table).toMatchSnapshot();
  });

  it('only public methods are exempt from the dispatcher’s session check', () => {
    for (const m of PUBLIC_BUT_NEEDS_SESSION) expect(methods[m].access, m).toBe('public');
  });
});

describe.each(CALLERS)('every method called by %s', (kind) => {
  // Calls the dispatcher must refuse change nothing, so they share one core (and we check that
  // the session survives each refusal). Calls it lets through may change state (sign-out,
  // lock, deactivate …), so each runs on a fresh core of its own.
  let shared: Fixture;
  beforeAll(async () => {
    shared = await fixture(kind);
  });
  afterAll(async () => {
    if (shared) await dispose(shared);
  });

  it.each(METHOD_NAMES)(`%s`, async (m) => {
    const decision = expectedDecision(methods[m].access, kind);
    if (decision !== 'allowed') {
      const r = await rpc(shared.core, m, inputFor(m, kind), shared.session);
      expect(r.ok, `${m} by ${kind} must be refused`).toBe(false);
      const err = (r as { error: ErrorShape }).error;
      expect(err.code, `${m} by ${kind}`).toBe(decision);
      expect(err.message_zh.length).toBeGreaterThan(0);
      expect(err.message_en.length).toBeGreaterThan(0);
      if (decision === 'FORBIDDEN_ROLE') {
        expect(err.detail).toEqual({ role: kind, allowed: [...(methods[m].access as readonly Role[])] });
      }
      // The refusal neither ended, unlocked nor locked the caller's session.
      if (shared.session) {
        const who = await mustOk(shared.core, 'staff.whoami', {}, shared.session);
        expect(who.locked).toBe(kind === 'locked_clerk');
      }
      return;
    }

    const f = await fixture(kind);
    try {
      const r = await rpc(f.core, m, inputFor(m, kind), f.session);
      if (kind === 'nobody' && PUBLIC_BUT_NEEDS_SESSION.includes(m)) {
        // Past the dispatcher; the handler itself has nobody to answer for.
        expect(r.ok).toBe(false);
        expect((r as { error: ErrorShape }).error.code).toBe('NOT_SIGNED_IN');
        return;
      }
      if (!r.ok) {
        // Invalid input or a domain refusal is fine; an access refusal is not.
        expect(ACCESS_CODES as readonly string[], `${m} by ${kind}: ${r.error.code} ${r.error.message_en}`).not.toContain(r.error.code);
        expect(r.error.code).not.toBe('INTERNAL');
        expect(r.error.code).not.toBe('INVALID_OUTPUT');
      }
    } finally {
      await dispose(f);
    }
  });
});

describe('what a locked screen may still do', () => {
  it('whoami answers locked: true, a wrong PIN does not unlock, the clerk’s own PIN does', async () => {
    const f = await fixture('locked_clerk');
    try {
      const who = await mustOk(f.core, 'staff.whoami', {}, f.session);
      expect(who).toMatchObject({ staffNo: STAFF.clerk.staffNo, locked: true });
      const bad = await rpc(f.core, 'staff.unlock', { staffNo: STAFF.clerk.staffNo, secret: '0000' }, f.session);
      expect(bad.ok).toBe(false);
      expect((bad as { error: ErrorShape }).error.code).toBe('SIGNIN_FAILED');
      expect((await mustOk(f.core, 'staff.whoami', {}, f.session)).locked).toBe(true);
      const ok = await mustOk(f.core, 'staff.unlock', { staffNo: STAFF.clerk.staffNo, secret: STAFF.clerk.secret }, f.session);
      expect(ok.locked).toBe(false);
      expect((await mustOk(f.core, 'till.status', {}, f.session)).session).toBeNull();
    } finally {
      await dispose(f);
    }
  });

  it('a token that was never issued is treated as nobody', async () => {
    const f = await fixture('clerk');
    try {
      const r = await rpc(f.core, 'till.status', {}, 'not-a-real-session-token');
      expect(r.ok).toBe(false);
      expect((r as { error: ErrorShape }).error.code).toBe('NOT_SIGNED_IN');
    } finally {
      await dispose(f);
    }
  });
});
