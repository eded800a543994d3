/**
 * The counter's ID-card reader as the core uses it: whatever reader family the settings name
 * (native/idcard/readers.ts), seen only through the reader port. Each card read lands in the
 * pending-card store (memory only) and a `card.read` event.
 */
import type { CardPhoto } from '../../../base/contract/card';
import type { DeviceStatus } from '../../../base/contract/devices';
import type { Settings } from '../../../base/contract/settings';
import { CommandPhotoDecoder, imageMime, noPhotoDecoder, type PhotoDecoder } from '../../../native/idcard/photo';
import type { PhotoDecoderInfo } from '../../../base/contract/devices';
import type { InstallConfig } from '../install/installConfig';
import type { CardEvent, IdCardReaderPort, PracticeCards, SampleCard, StateEvent } from '../../../native/idcard/port';
import { createReader } from '../../../native/idcard/readers';
import type { Clock } from '../../../base/clock';
import type { DeviceRegistry } from './registry';

export interface IdCardDevice {
  reader: IdCardReaderPort;
  /** Training mode only: the simulated reader's sample cards, so the clerk can place one. */
  simulator: PracticeCards | null;
  placeSample(which: SampleCard): void;
  removeCard(): void;
  onCard(cb: (e: CardEvent) => void): () => void;
  /** For the shift-start check: connected and the SAM answered OK (waits out a connect in progress). */
  health(waitMs?: number): Promise<{ connected: boolean; samOk: boolean }>;
  close(): Promise<void>;
}

export async function startIdCardDevice(settings: Settings['devices']['idcard'], timeZone: string, registry: DeviceRegistry, clock: Clock): Promise<IdCardDevice> {
  const reader = createReader(settings, { clock, timeZone });
  const practice = reader.practice;
  const report = (e: StateEvent) => registry.set('idcard', readerStatus(e, practice !== null, reader.link));
  reader.on('state', report);
  report(reader.state);
  reader.start();
  return {
    reader,
    simulator: practice,
    placeSample(which) {
      practice?.place(which);
    },
    removeCard() {
      practice?.remove();
    },
    onCard: (cb) => reader.on('card', cb),
    async health(waitMs = 3000) {
      if (reader.state.state === 'connecting' || reader.state.state === 'disconnected') {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, waitMs);
          const off = reader.on('state', (e) => {
            if (e.state !== 'connecting' && e.state !== 'disconnected') done();
          });
          function done() {
            clearTimeout(timer);
            off();
            resolve();
          }
        });
      }
      const s = reader.state.state;
      return { connected: s === 'ready' || s === 'reading' || s === 'fault', samOk: s === 'ready' || s === 'reading' };
    },
    close: () => reader.stop(),
  };
}

export function readerStatus(e: StateEvent, simulated: boolean, link: string): Omit<DeviceStatus, 'since'> {
  const tag = (zh: string, en: string) => (simulated ? { zh: `${zh}（模拟）`, en: `${en} (simulated)` } : { zh, en });
  switch (e.state) {
    case 'ready':
    case 'reading': {
      const m = tag(e.state === 'ready' ? '读卡器就绪' : '正在读卡', e.state === 'ready' ? 'ID reader ready' : 'Reading the card');
      return { state: simulated ? 'simulated' : e.state === 'ready' ? 'ready' : 'busy', message_zh: m.zh, message_en: m.en, link };
    }
    case 'connecting':
      return { state: 'connecting', message_zh: '读卡器连接中', message_en: 'ID reader connecting', link };
    case 'fault':
      return {
        state: 'error',
        message_zh: e.reason?.message_zh ?? '读卡器安全模块故障 — 请重启读卡器',
        message_en: e.reason?.message_en ?? 'Reader security module fault — restart the reader',
        link,
      };
    case 'disconnected':
      return { state: 'disconnected', message_zh: '读卡器未连接 — 请检查USB线，将自动重连', message_en: 'ID reader not connected — check the USB cable; it reconnects by itself', link };
  }
}

/**
 * The photo decoder the administrator installed (install.json), or none: never anything from the
 * settings. A refused install file means no decoder, and the refusal is shown where the decoder is.
 */
export function photoDecoderFrom(install: InstallConfig): PhotoDecoder {
  const d = install.error ? null : install.photoDecoder;
  return d ? new CommandPhotoDecoder({ path: d.path, args: d.args, timeoutMs: d.timeoutMs, maxBytes: d.maxOutputBytes }) : noPhotoDecoder;
}

/** What the device page and the shift-start check say about the decoder. */
export function photoDecoderInfo(install: InstallConfig, notices: readonly { toShape(): PhotoDecoderInfo['notices'][number] }[] = []): PhotoDecoderInfo {
  const d = install.error ? null : install.photoDecoder;
  return {
    configured: d !== null,
    path: d?.path ?? null,
    args: d ? [...d.args] : [],
    timeoutMs: d?.timeoutMs ?? null,
    maxOutputBytes: d?.maxOutputBytes ?? null,
    installFile: install.file,
    installFilePresent: install.present,
    error: install.error ? { code: install.error.code, message_zh: install.error.message_zh, message_en: install.error.message_en } : null,
    notices: notices.map((n) => n.toShape()),
  };
}

/** The photo for the verify screen: decoded by the configured vendor tool, or a plain "cannot show". */
export async function photoFor(decoder: PhotoDecoder, raw: Uint8Array): Promise<CardPhoto> {
  const r = await decoder.decode(raw);
  if (!r.available) return { available: false, dataUrl: null, reason_zh: r.reason_zh, reason_en: r.reason_en };
  const mime = imageMime(r.bytes) ?? r.mime;
  return { available: true, dataUrl: `data:${mime};base64,${Buffer.from(r.bytes).toString('base64')}`, reason_zh: null, reason_en: null };
}
