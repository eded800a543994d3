import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandPhotoDecoder, noPhotoDecoder } from '../../../native/idcard/photo';

const dir = tempDir('cd-photo-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

describe('photo decoding', () => {
  it('without a decoder: unavailable, telling the clerk to compare the face with the card', async () => {
    const r = await noPhotoDecoder.decode(new Uint8Array(1024));
    expect(r.available).toBe(false);
    if (r.available) return;
    expect(r.reason_zh).toContain('实体证件');
    expect(r.reason_en).toMatch(/physical card/);
  });

  it('a configured command gets the WLT bytes on stdin and its BMP is returned', async () => {
    // The fake vendor tool writes a BMP header, then echoes how many bytes it was given.
    const cmd = script('wlt2bmp', `head -c 2 /dev/zero >/dev/null; printf 'BM'; head -c 60 /dev/zero; wc -c | tr -d ' \\n'`);
    const r = await new CommandPhotoDecoder({ command: cmd }).decode(new Uint8Array(1024).fill(7));
    expect(r.available).toBe(true);
    if (!r.available) return;
    expect(r.mime).toBe('image/bmp');
    expect(Buffer.from(r.bytes.subarray(62)).toString()).toBe('1024');
  });

  it('a decoder that fails, prints no image, or is missing gives a reason, never an image', async () => {
    const cases = [
      new CommandPhotoDecoder({ command: script('fails', 'exit 3') }),
      new CommandPhotoDecoder({ command: script('text', 'echo hello') }),
      new CommandPhotoDecoder({ command: join(dir, 'does-not-exist') }),
      new CommandPhotoDecoder({ command: script('slow', 'sleep 5'), timeoutMs: 100 }),
    ];
    for (const d of cases) {
      const r = await d.decode(new Uint8Array(1024));
      expect(r.available).toBe(false);
      if (!r.available) expect(r.reason_en).toMatch(/decoder failed/);
    }
  });
});
