/**
 * The CLIs as a user runs them: `npx tsx native/cli/sim.ts idcard …` on one end of a pty
 * pair, `npx tsx native/cli/device.ts idcard read … --json` on the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createPtyPair, type PtyPair } from '../../helpers/pty';
import { ID_CARD_KEYS } from '../../../base/contract/card';
import { sampleCardPath } from '../../../native/idcard/sim/cards';

const ROOT = new URL('../../../', import.meta.url).pathname;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], timeoutMs = 30_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`${args.join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts the simulator CLI and resolves once it says it is ready. */
function startSim(link: string, card: string): Promise<{ child: ChildProcess; log: () => string }> {
  return new Promise((resolve, reject) => {
    // Own process group: npx does not pass signals on, so the test signals the whole group.
    const child = spawn('npx', ['tsx', 'native/cli/sim.ts', 'idcard', '--link', link, '--card', card], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`simulator not ready:\n${out}`)), 30_000);
    const onData = (c: Buffer) => {
      out += c.toString();
      if (out.includes('simulator ready')) {
        clearTimeout(timer);
        resolve({ child, log: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`simulator exited (${code}):\n${out}`)));
  });
}

/** SIGINT to the group, as Ctrl-C in a terminal; resolves when every writer of its output is gone. */
function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('close', () => resolve());
    process.kill(-child.pid!, 'SIGINT');
  });
}

describe('device idcard read --json against the simulator CLI', () => {
  let pty: PtyPair;
  let sim: { child: ChildProcess; log: () => string };

  beforeAll(async () => {
    pty = await createPtyPair();
    sim = await startSim(pty.a, sampleCardPath('resident'));
  }, 60_000);

  afterAll(async () => {
    if (sim) {
      await stop(sim.child);
      expect(sim.log()).toMatch(/simulator stopped/); // it shut down cleanly, not killed
    }
    await pty?.close();
  });

  it('prints exactly one JSON object with the IdCard keys and exits 0', async () => {
    const r = await run(['native/cli/device.ts', 'idcard', 'read', '--port', pty.b, '--json', '--timeout', '5000']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const card = JSON.parse(lines[0]!);
    expect(Object.keys(card)).toEqual(ID_CARD_KEYS);
    expect(card).toMatchObject({ cardType: 'resident', name: '王秀英', sex: 'female', nation: '汉', birthDate: '1990-03-07', validTo: '2035-06-01', idNumberValid: true, photoBytes: 1024 });
    expect(r.stdout).not.toMatch(/photo"\s*:\s*\[/);
    // The simulator logged its answers readably (and no personal data).
    expect(sim.log()).toMatch(/read text \+ photo → 90 success \[1295 bytes\]/);
    expect(sim.log()).not.toContain('王秀英');
  });

  it('the card stays on the reader: a second read within the timeout finds no new card (exit 3)', async () => {
    const r = await run(['native/cli/device.ts', 'idcard', 'read', '--port', pty.b, '--json', '--timeout', '400']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/IDCARD_NO_CARD/);
    expect(r.stderr).toMatch(/未读到证件/);
  });

  it('probe prints the SAM status and ID', async () => {
    const r = await run(['native/cli/device.ts', 'idcard', 'probe', '--port', pty.b]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SAM ID: \d{2}\.\d{2}-\d{8}-\d{10}-\d{10}/);
  });
});

describe('no reader', () => {
  let pty: PtyPair;
  beforeAll(async () => {
    pty = await createPtyPair();
  });
  afterAll(async () => {
    await pty?.close();
  });

  it('a port where nothing answers: non-zero exit, bilingual error on stderr, nothing on stdout', async () => {
    const r = await run(['native/cli/device.ts', 'idcard', 'read', '--port', pty.b, '--json', '--timeout', '1000']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/错误 \[IDCARD_NO_READER\]/);
    expect(r.stderr).toMatch(/error \[IDCARD_NO_READER\]: no ID card reader answered/);
  });

  it('a port that does not exist', async () => {
    const r = await run(['native/cli/device.ts', 'idcard', 'read', '--port', `${pty.dir}/missing`, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/IDCARD_OPEN_FAILED/);
  });

  it('a usage mistake exits 1', async () => {
    const r = await run(['native/cli/device.ts', 'idcard', 'read', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--port/);
  });
});
