import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { execFileSync } from 'node:child_process';
import { chmodSync, createReadStream, existsSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * A named pipe whose reader sees its end when the last process holding it for writing is gone:
 * how a test awaits the death of a process the decoder started, without polling.
 */
function fifo(name: string): { path: string; closed: Promise<void> } {
  const p = join(dir, name);
  execFileSync('mkfifo', [p]);
  const closed = new Promise<void>((resolve, reject) => {
    const r = createReadStream(p);
    r.on('data', () => undefined);
    r.on('end', () => resolve());
    r.on('error', reject);
  });
  return { path: p, closed };
}

describe('photo decoding', () => {
  it('without a decoder: unavailable, telling the clerk to compare the face with the card', async () => {
    const r = await noPhotoDecoder.decode(new Uint8Array(1024));
    expect(r.available).toBe(false);
    if (r.available) return;
    expect(r.reason_zh).toContain('实体证件');
    expect(r.reason_en).toMatch(/physical card/);
  });

  it('the installed program gets the WLT bytes on stdin and its BMP is returned', async () => {
    // The stand-in vendor tool writes a BMP header, then echoes how many bytes it was given.
    const cmd = script('wlt2bmp', `printf 'BM'; head -c 60 /dev/zero; wc -c | tr -d ' \\n'`);
    const r = await new CommandPhotoDecoder({ path: cmd }).decode(new Uint8Array(1024).fill(7));
    expect(r.available).toBe(true);
    if (!r.available) return;
    expect(r.mime).toBe('image/bmp');
    expect(Buffer.from(r.bytes.subarray(62)).toString()).toBe('1024');
  });

  it('runs without a shell: arguments arrive verbatim, and the app environment (tokens) stays out', async () => {
    const cmd = script('args', `printf 'BM'; head -c 60 /dev/zero; printf '%s|' "$1" "$2"; env`);
    const marker = join(dir, 'shell-ran');
    process.env.COUNTERDESK_TOKEN = 'secret-token-of-the-browser-host';
    try {
      const r = await new CommandPhotoDecoder({ path: cmd, args: [`$(touch ${marker})`, 'a b;*'] }).decode(new Uint8Array(1024));
      expect(r.available).toBe(true);
      if (!r.available) return;
      const out = Buffer.from(r.bytes.subarray(62)).toString();
      expect(out.startsWith(`$(touch ${marker})|a b;*|`)).toBe(true);
      expect(out).not.toContain('secret-token');
      expect(out).not.toContain('COUNTERDESK');
      expect(existsSync(marker)).toBe(false);
    } finally {
      delete process.env.COUNTERDESK_TOKEN;
    }
  });

  it('a relative program path is refused without running anything', async () => {
    const r = await new CommandPhotoDecoder({ path: 'wlt2bmp' }).decode(new Uint8Array(1024));
    expect(r.available).toBe(false);
    if (!r.available) expect(r.reason_en).toMatch(/absolute/);
  });

  it('a decoder that hangs is killed at the timeout, with whatever it started', async () => {
    // The program starts a child that would outlive it and waits: killing only the program
    // would leave the child running (and the pipe open) for ten minutes.
    const pipe = fifo('hang-fifo');
    const cmd = script('hangs', `sleep 600 > "$1" &\nwait`);
    const r = await new CommandPhotoDecoder({ path: cmd, args: [pipe.path], timeoutMs: 300 }).decode(new Uint8Array(1024));
    expect(r.available).toBe(false);
    if (!r.available) {
      expect(r.reason_en).toContain('no answer within 300 ms; it was killed');
      expect(r.reason_zh).toContain('超过 300 毫秒');
    }
    await pipe.closed; // the child it started is gone too
  });

  it('a decoder that floods its output is cut at the bound and killed', async () => {
    const pipe = fifo('flood-fifo');
    const cmd = script('floods', `exec 3> "$1"\nprintf 'BM'\nexec cat /dev/zero`);
    const r = await new CommandPhotoDecoder({ path: cmd, args: [pipe.path], maxBytes: 64 * 1024, timeoutMs: 10_000 }).decode(new Uint8Array(1024));
    expect(r.available).toBe(false);
    if (!r.available) expect(r.reason_en).toContain('output over 65536 bytes; it was killed');
    await pipe.closed;
  });

  it('a decoder that fails, prints no image, or is missing gives a reason, never an image', async () => {
    const cases = [
      new CommandPhotoDecoder({ path: script('fails', 'exit 3') }),
      new CommandPhotoDecoder({ path: script('text', 'echo hello') }),
      new CommandPhotoDecoder({ path: join(dir, 'does-not-exist') }),
    ];
    for (const d of cases) {
      const r = await d.decode(new Uint8Array(1024));
      expect(r.available).toBe(false);
      if (!r.available) expect(r.reason_en).toMatch(/decoder failed/);
    }
  });
});
