import { afterEach, describe, expect, it } from 'vitest';
import { refusal } from '../../helpers/refusal';
import { makeEnv, T0, type Env } from '../staff/fixture';
import { chainHash, GENESIS } from '../../../base/node/chain';
import { AuditLog } from '../../../electron/core/audit/auditLog';

let env: Env | null = null;
afterEach(() => {
  env?.cleanup();
  env = null;
});

function seed(e: Env, n: number) {
  for (let i = 1; i <= n; i++) {
    e.audit.append({ kind: i % 2 ? 'till.open' : 'signin.ok', actor: i % 3 ? '1024' : '2001', counterId: '03', detail: { i } });
    e.clock.advance(1000);
  }
}

describe('audit log: sealed head and key (nothing outside the database agrees with a cut or rewritten log)', () => {
  it('a deleted tail is found by the head', () => {
    const e = (env = makeEnv());
    seed(e, 6);
    e.db.exec('DROP TRIGGER audit_log_no_delete');
    e.db.prepare('DELETE FROM audit_log WHERE seq > 4').run();
    expect(e.audit.verify().problem).toMatchObject({ code: 'tail_missing', seq: 5 });
  });

  it('a deleted tail with the head moved back is found by the head seal', () => {
    const e = (env = makeEnv());
    seed(e, 6);
    e.db.exec('DROP TRIGGER audit_log_no_delete');
    e.db.prepare('DELETE FROM audit_log WHERE seq > 4').run();
    const last = e.db.prepare('SELECT seq, hash FROM audit_log WHERE seq = 4').get() as { seq: number; hash: string };
    e.db.prepare('UPDATE audit_head SET seq = ?, hash = ?').run(last.seq, last.hash);
    expect(e.audit.verify().problem).toMatchObject({ code: 'head_forged', seq: 4 });
  });

  it('every entry deleted is found (the head remains); deleting the head too is found as well', () => {
    const e = (env = makeEnv());
    seed(e, 4);
    e.db.exec('DROP TRIGGER audit_log_no_delete');
    e.db.prepare('DELETE FROM audit_log').run();
    expect(e.audit.verify().problem).toMatchObject({ code: 'tail_missing', seq: 1 });
    e.db.prepare('DELETE FROM audit_head').run();
    expect(e.audit.verify().problem).toMatchObject({ code: 'head_missing' });
  });

  it('a log rewritten and recomputed without the key (plain SHA-256, head and all) is found through the key', () => {
    const e = (env = makeEnv());
    seed(e, 5);
    const printed = e.audit.head()!.hash; // what the Z report printed
    e.db.exec('DROP TRIGGER audit_log_no_update');
    const rows = e.db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as { seq: number; at: number; actor: string | null; kind: string; counter_id: string | null; detail: string }[];
    let prev = GENESIS;
    for (const r of rows) {
      const detail = r.seq === 3 ? '{"i":42}' : r.detail;
      const hash = chainHash(prev, { seq: r.seq, at: r.at, actor: r.actor, kind: r.kind, counterId: r.counter_id, detail });
      e.db.prepare('UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(detail, prev, hash, r.seq);
      prev = hash;
    }
    e.db.prepare('UPDATE audit_head SET seq = 5, hash = ?').run(prev);
    expect(e.audit.verify().problem).toMatchObject({ code: 'hash_mismatch', seq: 1 });
    // Without the key only links are checked: the printed anchor still catches the rewrite.
    const keyless = new AuditLog(e.db, e.clock, null);
    expect(keyless.verify().ok).toBe(true);
    expect(keyless.verify([{ seq: 5, prefix: printed.slice(0, 12) }]).problem).toMatchObject({ code: 'anchor_mismatch', seq: 5 });
  });

  it('an anchor read off paper matches an intact log and names a missing row', () => {
    const e = (env = makeEnv());
    seed(e, 3);
    const head = e.audit.head()!;
    expect(e.audit.verify([{ seq: head.seq, prefix: head.hash.slice(0, 12) }]).ok).toBe(true);
    expect(e.audit.verify([{ seq: 9, prefix: head.hash.slice(0, 12) }]).problem).toMatchObject({ code: 'anchor_missing', seq: 9 });
  });
});

describe('audit log: append and chain', () => {
  it('numbers entries from 1 and chains them; verify passes', () => {
    const e = (env = makeEnv());
    const a = e.audit.append({ kind: 'signin.ok', actor: '1024', counterId: '03', detail: { role: 'clerk' } });
    const b = e.audit.append({ kind: 'signout', actor: '1024', counterId: '03' });
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(a.at).toBe(T0);
    const row = e.db.prepare('SELECT prev_hash FROM audit_log WHERE seq = 2').get() as { prev_hash: string };
    expect(row.prev_hash).toBe(a.hash);
    expect(e.audit.verify()).toMatchObject({ ok: true, entries: 2, problem: null, keyed: true, last: { seq: 2, hash: b.hash } });
  });

  it('the database itself refuses UPDATE and DELETE', () => {
    const e = (env = makeEnv());
    seed(e, 3);
    expect(() => e.db.prepare("UPDATE audit_log SET actor = '9999' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => e.db.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only/);
    expect(e.audit.verify().ok).toBe(true);
  });

  it('an edited row (trigger dropped) is named by verify', () => {
    const e = (env = makeEnv());
    seed(e, 5);
    e.db.exec('DROP TRIGGER audit_log_no_update');
    e.db.prepare(`UPDATE audit_log SET detail = '{"i":99}' WHERE seq = 3`).run();
    const r = e.audit.verify();
    expect(r.ok).toBe(false);
    expect(r.problem).toMatchObject({ seq: 3, code: 'hash_mismatch' });
  });

  it('a removed row (trigger dropped) is found at the next entry', () => {
    const e = (env = makeEnv());
    seed(e, 5);
    e.db.exec('DROP TRIGGER audit_log_no_delete');
    e.db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(e.audit.verify().problem).toMatchObject({ seq: 2, code: 'sequence_gap' });
  });

  it('a removed first row is found too', () => {
    const e = (env = makeEnv());
    seed(e, 3);
    e.db.exec('DROP TRIGGER audit_log_no_delete');
    e.db.prepare('DELETE FROM audit_log WHERE seq = 1').run();
    expect(e.audit.verify().problem).toMatchObject({ seq: 1, code: 'sequence_gap' });
  });

  it('keeps time order when the system clock goes back, and says so in the entry', () => {
    const e = (env = makeEnv());
    e.audit.append({ kind: 'signin.ok', actor: '1024' });
    e.clock.advance(-60_000);
    const late = e.audit.append({ kind: 'signout', actor: '1024', detail: { x: 1 } });
    expect(late.at).toBe(T0);
    expect(late.detail).toEqual({ x: 1, clockBehindMs: 60_000 });
    expect(e.audit.verify().ok).toBe(true);
  });

  it('refuses malformed kinds', () => {
    const e = (env = makeEnv());
    expect(refusal(() => e.audit.append({ kind: 'Sign In', actor: null })).code).toBe('AUDIT_KIND_INVALID');
    expect(refusal(() => e.audit.append({ kind: '', actor: null })).code).toBe('AUDIT_KIND_INVALID');
  });
});

describe('audit log: no personal data', () => {
  const ID = '110101199003074514';
  const cases: Array<[string, Record<string, unknown>]> = [
    ['an ID number as a value', { note: ID }],
    ['an ID number inside text', { note: `客户 ${ID} 已核验` }],
    ['an ID number with X', { ref: '11010119900307451X' }],
    ['an old 15-digit number', { ref: '110101900307451' }],
    ['an ID number in an array', { refs: ['ok', ID] }],
    ['an ID number nested', { a: { b: { c: ID } } }],
    ['a photo data URL', { img: 'data:image/png;base64,' + 'A'.repeat(100) }],
    ['a JPEG as base64', { img: '/9j/4AAQSkZJRgABAQ' + 'B'.repeat(100) }],
    ['long binary base64', { blob: 'QUJD'.repeat(200) }],
    ['bytes', { wlt: new Uint8Array(1024) }],
    ['a personal field name', { idNumber: '1101**********4514' }],
    ['an address field', { address: '北京市东城区' }],
  ];
  for (const [what, detail] of cases) {
    it(`refuses ${what} and writes nothing`, () => {
      const e = (env = makeEnv());
      const err = refusal(() => e.audit.append({ kind: 'pii.view', actor: '1024', detail }));
      expect(err.code).toBe('AUDIT_PII_REFUSED');
      expect(err.message_zh + err.message_en).not.toContain(ID);
      expect(e.audit.query().entries).toHaveLength(0);
    });
  }

  it('accepts masked values, amounts, times and long ordinary numbers', () => {
    const e = (env = makeEnv());
    const entry = e.audit.append({
      kind: 'till.settle',
      actor: '1024',
      detail: { masked: '1101**********4514', fen: 1234567, at: T0, card: '6222021234567890123', phone: '13800138000' },
    });
    expect(entry.seq).toBe(1);
  });
});

describe('audit log: query for the viewer', () => {
  it('filters by kind prefix, actor, counter and time; newest first', () => {
    const e = (env = makeEnv());
    seed(e, 10);
    e.audit.append({ kind: 'signin.ok', actor: '1024', counterId: '04' });
    expect(e.audit.query({ kindPrefix: 'till' }).entries.map((x) => x.seq)).toEqual([9, 7, 5, 3, 1]);
    expect(e.audit.query({ actor: '2001' }).entries.map((x) => x.seq)).toEqual([9, 6, 3]);
    expect(e.audit.query({ counterId: '04' }).entries.map((x) => x.seq)).toEqual([11]);
    expect(e.audit.query({ from: T0 + 2000, to: T0 + 5000 }).entries.map((x) => x.seq)).toEqual([5, 4, 3]);
    expect(e.audit.query({ kindPrefix: 'signin', actor: '1024', to: T0 + 5000 }).entries.map((x) => x.seq)).toEqual([4, 2]);
  });

  it('a prefix with SQL wildcards matches literally', () => {
    const e = (env = makeEnv());
    seed(e, 4);
    expect(e.audit.query({ kindPrefix: '%' }).entries).toHaveLength(0);
    expect(e.audit.query({ kindPrefix: 'till_' }).entries).toHaveLength(0);
  });

  it('pages by seq without gaps or repeats', () => {
    const e = (env = makeEnv());
    seed(e, 12);
    const seen: number[] = [];
    let before: number | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = e.audit.query({ limit: 5, ...(before !== undefined ? { beforeSeq: before } : {}) });
      seen.push(...page.entries.map((x) => x.seq));
      if (page.nextBeforeSeq === null) break;
      before = page.nextBeforeSeq;
    }
    expect(seen).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });
});
