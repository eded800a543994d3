// The install file and the program it names are trusted only when no one but the administrator
// (root) can change them; anything else is refused with a bilingual reason and runs nothing.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installConfigPath, loadInstallConfig, INSTALL_CONFIG_ENV } from '../../../electron/core/install/installConfig';
import { sddlUnsafe } from '../../../electron/core/install/adminOnly';
import { tempDir } from '../../helpers/tempDir';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const posix = process.platform !== 'win32';

/** A folder holding install.json and a decoder program, both owner-only writable. */
function setUp(config: unknown = null): { dir: string; file: string; program: string; env: NodeJS.ProcessEnv } {
  const dir = tempDir('cd-install-');
  fs.chmodSync(dir, 0o755);
  const program = path.join(dir, 'wlt2bmp');
  fs.writeFileSync(program, "#!/bin/sh\nprintf 'BM'\n", { mode: 0o755 });
  fs.chmodSync(program, 0o755);
  const file = path.join(dir, 'install.json');
  fs.writeFileSync(file, JSON.stringify(config ?? { photoDecoder: { path: program, timeoutMs: 1500 } }));
  fs.chmodSync(file, 0o644);
  return { dir, file, program, env: { [INSTALL_CONFIG_ENV]: file } };
}

describe.runIf(posix)('the install file', () => {
  it('is looked for where only the administrator writes, or where COUNTERDESK_INSTALL_CONFIG says', () => {
    expect(installConfigPath({}, 'linux')).toEqual({ file: '/etc/counterdesk/install.json', fromEnv: false });
    expect(installConfigPath({ ProgramData: 'C:\\ProgramData' }, 'win32')).toEqual({ file: 'C:\\ProgramData\\CounterDesk\\install.json', fromEnv: false });
    expect(installConfigPath({ [INSTALL_CONFIG_ENV]: '/srv/cd/install.json' }, 'linux')).toEqual({ file: '/srv/cd/install.json', fromEnv: true });
  });

  it('missing: nothing configured, nothing refused', async () => {
    const c = await loadInstallConfig({ [INSTALL_CONFIG_ENV]: '/nonexistent/counterdesk/install.json' });
    expect(c).toMatchObject({ present: false, photoDecoder: null, error: null });
  });

  it('owner-only writable file and program: the decoder is configured with its limits', async () => {
    const s = setUp();
    const c = await loadInstallConfig(s.env);
    expect(c.error).toBeNull();
    expect(c.photoDecoder).toEqual({ path: s.program, args: [], timeoutMs: 1500, maxOutputBytes: 256 * 1024 });
  });

  it('a file others can write is refused, with the mode in both languages', async () => {
    const s = setUp();
    fs.chmodSync(s.file, 0o666);
    const c = await loadInstallConfig(s.env);
    expect(c.photoDecoder).toBeNull();
    expect(c.error?.code).toBe('INSTALL_CONFIG_UNSAFE');
    expect(c.error?.message_zh).toContain('同组或其他用户可写（权限 0666）');
    expect(c.error?.message_en).toContain('writable by its group or by others (mode 0666)');
    expect(c.error?.message_en).toContain('the photo decoder will not run');
    fs.chmodSync(s.file, 0o664);
    expect((await loadInstallConfig(s.env)).error?.code).toBe('INSTALL_CONFIG_UNSAFE');
  });

  it('a folder above it that others can write is refused (someone could swap the file)', async () => {
    const s = setUp();
    fs.chmodSync(s.dir, 0o777);
    const c = await loadInstallConfig(s.env);
    expect(c.error?.code).toBe('INSTALL_CONFIG_UNSAFE');
    expect(c.error?.detail).toEqual({ where: s.dir });
    // A sticky folder owned by root (like /tmp) is fine: others cannot rename what is in it.
    if (isRoot) {
      fs.chmodSync(s.dir, 0o1777);
      expect((await loadInstallConfig(s.env)).error).toBeNull();
    }
  });

  it.runIf(isRoot)('a file owned by another user is refused, even if only that user can write it', async () => {
    const s = setUp();
    fs.chownSync(s.file, 1000, 1000);
    const c = await loadInstallConfig(s.env);
    expect(c.error?.code).toBe('INSTALL_CONFIG_UNSAFE');
    expect(c.error?.message_en).toContain('(uid 1000)');
  });

  it('a decoder program others can write is refused: replacing it would run anything', async () => {
    const s = setUp();
    fs.chmodSync(s.program, 0o777);
    const c = await loadInstallConfig(s.env);
    expect(c.photoDecoder).toBeNull();
    expect(c.error?.code).toBe('INSTALL_CONFIG_UNSAFE');
    expect(c.error?.message_zh).toContain('照片解码程序不安全');
    expect(c.error?.detail).toEqual({ where: s.program });
  });

  it('a relative path, a shell command line, an unknown key or bad JSON is refused', async () => {
    for (const bad of [
      { photoDecoder: { path: 'wlt2bmp' } },
      { photoDecoder: { path: '/bin/sh -c "decode"' } },
      { photoDecoder: { path: '/opt/../bin/sh' } },
      { photoDecoder: { path: '/bin/true', timeoutMs: 600_000 } },
      { photoDecoder: { path: '/bin/true', shell: true } },
      { photoDecoderCommand: '/bin/true' },
    ]) {
      const c = await loadInstallConfig(setUp(bad).env);
      expect(c.error?.code, JSON.stringify(bad)).toMatch(/^INSTALL_CONFIG_(INVALID|UNSAFE)$/);
      expect(c.photoDecoder).toBeNull();
    }
    const s = setUp();
    fs.writeFileSync(s.file, '{ "photoDecoder": ');
    const c = await loadInstallConfig(s.env);
    expect(c.error?.code).toBe('INSTALL_CONFIG_UNREADABLE');
    expect(c.error?.message_zh).toContain('不是合法的 JSON');
  });

  it('a program that is not executable is refused', async () => {
    const s = setUp();
    fs.chmodSync(s.program, 0o644);
    const c = await loadInstallConfig(s.env);
    if (isRoot) {
      // root may execute only what has an execute bit: still refused.
      expect(c.error?.code).toBe('INSTALL_CONFIG_INVALID');
    } else {
      expect(c.error).not.toBeNull();
    }
  });
});

describe('Windows permissions (SDDL from Get-Acl)', () => {
  const where = 'C:\\ProgramData\\CounterDesk\\install.json';
  it('accepts what only SYSTEM, Administrators and TrustedInstaller can change', () => {
    expect(sddlUnsafe('O:BAG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)(A;;0x1200a9;;;BU)', where)).toBeNull();
    // Users may read and execute; an inherit-only grant to CREATOR OWNER does not apply to the file.
    expect(sddlUnsafe('O:SYG:SYD:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;FR;;;BU)(A;OICIIOID;GA;;;CO)', where)).toBeNull();
  });

  it('refuses write, modify or full control for users, a missing DACL, and an owner who is not an administrator', () => {
    expect(sddlUnsafe('O:BAG:SYD:(A;;FA;;;SY)(A;;FA;;;BA)(A;;0x1301bf;;;BU)', where)?.en).toContain('BU');
    expect(sddlUnsafe('O:BAG:SYD:(A;;FA;;;SY)(A;;FW;;;AU)', where)?.en).toContain('AU');
    expect(sddlUnsafe('O:BAG:SYD:(A;;FA;;;SY)(A;;GA;;;WD)', where)?.en).toContain('WD');
    expect(sddlUnsafe('O:BAG:SY', where)?.en).toContain('no access control list');
    expect(sddlUnsafe('O:S-1-5-21-1-2-3-1001G:SYD:(A;;FA;;;SY)', where)?.en).toContain('not owned by Administrators');
    // A deny entry never makes it safe; only grants count.
    expect(sddlUnsafe('O:BAG:SYD:(D;;FA;;;BU)(A;;FA;;;BU)', where)).not.toBeNull();
  });
});
