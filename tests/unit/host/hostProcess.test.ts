// Browser mode's process is started one way by the launcher, the day soak and the start-up bench.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST_ENTRY, HOST_ENV, HOST_NODE_FLAGS, hostCommand } from '../../../electron/host/hostProcess';

describe('hostCommand', () => {
  it('runs the bundle with the measured flags and malloc settings, then the app’s own arguments', () => {
    const c = hostCommand('/srv/cd', ['--data-dir', '/d'], { PATH: '/bin', MALLOC_ARENA_MAX: '8' }, ['--expose-gc']);
    expect(c.command).toBe(process.execPath);
    expect(c.args).toEqual([...HOST_NODE_FLAGS, '--expose-gc', path.join('/srv/cd', HOST_ENTRY), '--data-dir', '/d']);
    expect(c.env).toEqual({ PATH: '/bin', ...HOST_ENV });
    expect(HOST_NODE_FLAGS).toContain('--max-semi-space-size=2');
    expect(HOST_ENV.MALLOC_ARENA_MAX).toBe('2');
  });
});
