// The dispatcher: every failure becomes {code, message_zh, message_en}; nothing throws across it.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDispatcher, type Handlers } from '../../../electron/core/rpc/dispatcher';
import { BilingualError } from '../../../base/contract/errors';
import { testCore } from '../../helpers/core';
import type { Core } from '../../../electron/core/app';

let core: (Core & { dataDir: string }) | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

function expectError(r: unknown, code: string) {
  expect(r).toMatchObject({ ok: false, error: { code } });
  const e = (r as { error: { message_zh: string; message_en: string } }).error;
  expect(e.message_zh.length).toBeGreaterThan(0);
  expect(e.message_en.length).toBeGreaterThan(0);
  expect(e.message_zh).toMatch(/[\u4e00-\u9fff]/);
}

describe('dispatcher', () => {
  it('round-trips app.info with the schema version', async () => {
    core = await testCore();
    const r = await core.dispatch({ method: 'app.info', input: {} }, 'http');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.result).toMatchObject({ name: 'CounterDesk', trainingMode: true, dataDir: core.dataDir, storageError: null });
    expect((r.result as { schemaVersion: number }).schemaVersion).toBeGreaterThanOrEqual(1);
  });

  it('answers malformed envelopes, unknown methods and bad input with typed errors', async () => {
    core = await testCore();
    for (const bad of [null, 42, 'x', [], { input: {} }, { method: 7 }, { method: '' }]) {
      expectError(await core.dispatch(bad, 'http'), 'BAD_REQUEST');
    }
    expectError(await core.dispatch({ method: 'till.steal', input: {} }, 'http'), 'UNKNOWN_METHOD');
    expectError(await core.dispatch({ method: '__proto__', input: {} }, 'http'), 'UNKNOWN_METHOD');
    expectError(await core.dispatch({ method: 'app.ping', input: { echo: 5 } }, 'http'), 'INVALID_INPUT');
    expectError(await core.dispatch({ method: 'app.ping', input: { echo: 'x', extra: 1 } }, 'http'), 'INVALID_INPUT');
  });

  it('refuses role-protected methods without a signed-in session', async () => {
    core = await testCore();
    expectError(await core.dispatch({ method: 'settings.update', input: { patch: {} } }, 'http'), 'NOT_SIGNED_IN');
  });

  it('never lets a handler exception or a bad output cross the boundary', async () => {
    const seen: string[] = [];
    const boom = () => {
      throw new TypeError('secret internals');
    };
    const handlers = {
      'app.info': boom,
      'app.ping': () => ({ echo: 1 }) as unknown as { echo: string; at: number },
      'devices.status': () => {
        throw new BilingualError('PRINTER_FAULT', '设备故障', 'Device fault');
      },
    } as unknown as Handlers;
    const d = createDispatcher({ handlers, authorize: () => null, onInternalError: (m) => seen.push(m) });
    const r1 = await d({ method: 'app.info', input: {} }, 'ipc');
    expectError(r1, 'INTERNAL');
    expect(JSON.stringify(r1)).not.toContain('secret internals');
    expectError(await d({ method: 'app.ping', input: { echo: 'a' } }, 'ipc'), 'INVALID_OUTPUT');
    expect(await d({ method: 'devices.status', input: {} }, 'ipc')).toEqual({
      ok: false,
      error: { code: 'PRINTER_FAULT', message_zh: '设备故障', message_en: 'Device fault' },
    });
    expect(seen).toEqual(['app.info', 'app.ping']);
    // and the schema of the error itself
    const shape = z.object({ code: z.string(), message_zh: z.string(), message_en: z.string() });
    expect(shape.safeParse((r1 as { error: unknown }).error).success).toBe(true);
  });
});
