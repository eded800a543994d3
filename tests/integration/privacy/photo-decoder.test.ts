// Nothing in the settings runs a program: a duty manager's settings.update naming a photo decoder
// is refused over RPC; the decoder the administrator installed (install.json) decodes the card
// photo, is shown on the device page's method and in the shift-start check; an unsafe install
// file runs nothing and says why.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/app';
import { ManualClock } from '../../../base/clock';
import { INSTALL_CONFIG_ENV, loadInstallConfig } from '../../../electron/core/install/installConfig';
import { testCore } from '../../helpers/core';
import { FAST_SCRYPT } from '../../helpers/scrypt';
import { Caller, nextEvent, staffUp, STAFF } from '../../helpers/counterDay';
import { tempDir } from '../../helpers/tempDir';

const T0 = Date.parse('2026-11-26T10:00:00+08:00');
const posix = process.platform !== 'win32';
let core: (Core & { dataDir: string }) | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

/** An install file naming a stand-in vendor decoder that answers a BMP holding the WLT byte count. */
function installFile(mode = 0o644): { env: NodeJS.ProcessEnv; program: string; file: string } {
  const dir = tempDir('cd-install-');
  fs.chmodSync(dir, 0o755);
  const program = path.join(dir, 'wlt2bmp');
  fs.writeFileSync(program, `#!/bin/sh\nprintf 'BM'\nhead -c 60 /dev/zero\nwc -c | tr -d ' \\n'\n`);
  fs.chmodSync(program, 0o755);
  const file = path.join(dir, 'install.json');
  fs.writeFileSync(file, JSON.stringify({ photoDecoder: { path: program, timeoutMs: 3000 } }));
  fs.chmodSync(file, mode);
  return { env: { [INSTALL_CONFIG_ENV]: file }, program, file };
}

async function toVerify(c: Caller): Promise<string> {
  await c.call('till.open', { float: { note_100: 2 }, items: { sim_card: 20, value_card: 10, invoice_paper: 100 } });
  await c.call('shift.run', {});
  const j = await c.call('journey.begin', {});
  await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'greet', ticket: 'A023' } });
  await c.call('journey.act', { journeyId: j.journeyId, command: { type: 'chooseBusinesses', codes: ['new_line'] } });
  return j.journeyId;
}

/** One counter, one person signed in: the clerk steps aside while the duty manager looks. */
async function asManager<T>(k: Core, clerk: Caller, f: (m: Caller) => Promise<T>): Promise<T> {
  await clerk.call('staff.signOut', {});
  const m = new Caller(k);
  await m.signIn(STAFF.manager.staffNo, STAFF.manager.secret);
  try {
    return await f(m);
  } finally {
    await m.call('staff.signOut', {});
    await clerk.signIn(STAFF.clerk.staffNo, STAFF.clerk.secret);
  }
}

describe.runIf(posix)('the photo decoder is install-time configuration', () => {
  it('settings.update naming a decoder is refused for a duty manager over RPC; the settings keep no such key', async () => {
    core = await testCore({ clock: new ManualClock(T0), scrypt: FAST_SCRYPT });
    const c = await staffUp(core);
    await asManager(core, c, async (m) => {
      const err = await m.fails('settings.update', { patch: { devices: { idcard: { photoDecoderCommand: '/bin/sh' } } } } as never);
      expect(err.code).toBe('SETTING_INSTALL_ONLY');
      expect(err.message_zh).toContain('install.json');
      expect(JSON.stringify(await m.call('settings.get', {}))).not.toContain('photoDecoder');
      // The rest of the device settings still change as before.
      expect((await m.call('settings.update', { patch: { devices: { idcard: { pollIntervalMs: 40 } } } })).devices.idcard.pollIntervalMs).toBe(40);
    });
  });

  it('the installed decoder shows the card photo, the device page and the shift-start check name it', async () => {
    const inst = installFile();
    core = await testCore({ clock: new ManualClock(T0), scrypt: FAST_SCRYPT, install: await loadInstallConfig(inst.env) });
    const c = await staffUp(core);
    const info = await asManager(core, c, (m) => m.call('devices.photoDecoder', {}));
    expect(info).toMatchObject({ configured: true, path: inst.program, timeoutMs: 3000, installFile: inst.file, installFilePresent: true, error: null });
    const journeyId = await toVerify(c);
    const read = nextEvent(core, 'card.read');
    await c.call('training.placeCard', { sample: 'resident' });
    await read;
    const photo = (await c.call('journey.pendingCard', {})).card?.photo;
    expect(photo?.available).toBe(true);
    const bmp = Buffer.from(photo!.dataUrl!.replace('data:image/bmp;base64,', ''), 'base64');
    expect(bmp.subarray(62).toString()).toBe('1024'); // the WLT bytes reached the program
    expect(journeyId).toBeTruthy();

    const shift = await c.call('shift.run', {});
    expect(shift.items.find((i) => i.item === 'photo_decoder')).toMatchObject({ level: 'ok', text_zh: `证件照片解码程序已配置：${inst.program}` });
  });

  it('an install file others can write runs nothing: no photo, the refusal on the device page and in the shift check', async () => {
    const inst = installFile(0o666);
    core = await testCore({ clock: new ManualClock(T0), scrypt: FAST_SCRYPT, install: await loadInstallConfig(inst.env) });
    const c = await staffUp(core);
    const info = await asManager(core, c, (m) => m.call('devices.photoDecoder', {}));
    expect(info.configured).toBe(false);
    expect(info.error?.code).toBe('INSTALL_CONFIG_UNSAFE');
    expect(info.error?.message_en).toContain('mode 0666');
    await toVerify(c);
    const read = nextEvent(core, 'card.read');
    await c.call('training.placeCard', { sample: 'resident' });
    await read;
    const photo = (await c.call('journey.pendingCard', {})).card?.photo;
    expect(photo).toMatchObject({ available: false, dataUrl: null });
    expect(photo?.reason_en).toContain('No photo decoder is configured');

    const line = (await c.call('shift.run', {})).items.find((i) => i.item === 'photo_decoder')!;
    expect(line.level).toBe('warn');
    expect(line.text_zh).toContain('不安全');
  });
});
