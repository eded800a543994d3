// Every free-text field of the contract refuses personal numbers before anything is stored:
// cash in/out reasons, drop and handover bag and seal numbers, early-close notes, reprint
// reasons, and the journey's cancel and manual-entry reasons.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/app';
import { ManualClock } from '../../../base/clock';
import { testCore } from '../../helpers/core';
import { FAST_SCRYPT } from '../../helpers/scrypt';
import { staffUp } from '../../helpers/counterDay';

const T0 = Date.parse('2026-11-26T10:00:00+08:00');
let core: (Core & { dataDir: string }) | null = null;
afterEach(async () => {
  if (!core) return;
  await core.close();
  fs.rmSync(core.dataDir, { recursive: true, force: true });
  core = null;
});

describe('free text carries no personal data', () => {
  it('refuses an ID, mobile or bank-card number in a cash-out reason and a bag number, and books nothing', async () => {
    core = await testCore({ clock: new ManualClock(T0), scrypt: FAST_SCRYPT });
    const c = await staffUp(core);
    await c.call('till.open', { float: { note_100: 2 }, items: { sim_card: 10, value_card: 5, invoice_paper: 50 } });
    const before = core.services.db!.prepare('SELECT COUNT(*) AS n FROM till_ledger').get() as { n: number };

    const id = await c.fails('till.movement', { kind: 'cash_out', amountFen: 500, reason: '退给王秀英 11010519491231002X' });
    expect(id.code).toBe('PERSONAL_DATA_IN_FREE_TEXT');
    expect(id.message_zh).toContain('请勿填写证件号码');
    expect(id.message_en).toContain('ID number');
    expect(id.detail).toMatchObject({ field: ['reason'], kind: 'id_number' });

    const mobile = await c.fails('till.movement', { kind: 'cash_in', amountFen: 500, reason: '客户 138-0013-8000 补交' });
    expect(mobile.code).toBe('PERSONAL_DATA_IN_FREE_TEXT');
    expect(mobile.message_zh).toContain('手机号码');

    const bag = await c.fails('till.movement', { kind: 'drop', amountFen: 500, bagNo: '4111 1111 1111 1111' });
    expect(bag.code).toBe('PERSONAL_DATA_IN_FREE_TEXT');

    const after = core.services.db!.prepare('SELECT COUNT(*) AS n FROM till_ledger').get() as { n: number };
    expect(after.n).toBe(before.n);
    const ledgerText = JSON.stringify(core.services.db!.prepare('SELECT * FROM till_ledger').all());
    expect(ledgerText).not.toContain('11010519491231002X');

    // A plain note still goes through.
    await c.call('till.movement', { kind: 'cash_out', amountFen: 500, reason: '退多收的找零' });
  });
});
