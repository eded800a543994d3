// A hall edits its catalog: a broken file is refused with the line, and the last good catalog stays in use — across restarts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCore } from '../../../electron/core/app';
import { ManualClock } from '../../../base/clock';
import { confSettingsPort } from '../../../electron/core/settings/confPort';
import { defaultCatalogPath } from '../../../electron/core/catalog/loader';
import { tempDir } from '../../helpers/tempDir';
import { staffUp } from '../../helpers/counterDay';

async function start(dataDir: string, catalogPath: string) {
  return startCore({ dataDir, settingsPort: confSettingsPort(dataDir), version: 't', transport: 'http', clock: new ManualClock(Date.UTC(2026, 10, 26, 2)), catalogPath });
}

describe('the business catalog a hall edits', () => {
  it('keeps the last good catalog when the file is broken, and says which line', async () => {
    const dataDir = tempDir();
    const file = path.join(tempDir(), 'catalog.yaml');
    // A hall's own catalog: the default without its last business.
    const full = fs.readFileSync(defaultCatalogPath(), 'utf8');
    const good = full.slice(0, full.lastIndexOf('\n  - code:') + 1);
    fs.writeFileSync(file, good);
    let core = await start(dataDir, file);
    let c = await staffUp(core);
    const first = await c.call('catalog.get', {});
    expect(first.error).toBeNull();
    const codes = first.businesses.map((b) => b.code);
    // Not the bundled default: one business fewer.
    expect(codes.length).toBe((full.match(/\n {2}- code:/g) ?? []).length - 1);
    await core.close();

    // Someone saves a typo: a fee in yuan with a decimal point, on a known line.
    const lines = good.split('\n');
    const feeLine = lines.findIndex((l) => l.includes('default_fen: 5800'));
    lines[feeLine] = lines[feeLine]!.replace('5800', '58.5');
    fs.writeFileSync(file, lines.join('\n'));
    core = await start(dataDir, file);
    c = new (await import('../../helpers/counterDay')).Caller(core);
    await c.signIn('1024', '2580');
    const after = await c.call('catalog.get', {});
    expect(after.error?.code).toBe('CATALOG_INVALID');
    expect(after.error?.message_zh).toContain(`${feeLine + 1}`);
    expect(after.businesses.map((b) => b.code)).toEqual(codes);
    await core.close();
  });
});
