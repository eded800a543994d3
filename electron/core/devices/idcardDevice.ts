/**
 * The counter's ID-card reader as the core uses it: a polling session on the configured serial
 * port or HID device, or (training mode) on the in-process simulator over a memory link. Each
 * card read lands in the pending-card store (memory only) and a `card.read` event.
 */
import type { CardPhoto } from '../../../base/contract/card';
import type { DeviceStatus } from '../../../base/contract/devices';
import type { Settings } from '../../../base/contract/settings';
import { CommandPhotoDecoder, imageMime, noPhotoDecoder, type PhotoDecoder } from '../../../native/idcard/photo';
import { IdCardSession, type CardEvent, type StateEvent } from '../../../native/idcard/session';
import { loadSimCard, sampleCardPath, SAMPLE_CARD_FILES } from '../../../native/idcard/sim/cards';
import { IdCardSimulator } from '../../../native/idcard/sim/simulator';
import { HidTransport } from '../../../native/transport/hid';
import { miaxisFraming, MIAXIS_PRODUCT_ID, MIAXIS_VENDOR_ID } from '../../../native/transport/hid-miaxis';
import { createMemoryLink } from '../../../native/transport/memory';
import { SerialTransport } from '../../../native/transport/serial';
import type { Transport } from '../../../native/transport/types';
import type { Clock } from '../../../base/clock';
import type { DeviceRegistry } from './registry';

export type SampleCard = keyof typeof SAMPLE_CARD_FILES;

export interface IdCardDevice {
  session: IdCardSession;
  /** Training mode only: the simulated reader, so the clerk can place a sample card. */
  simulator: IdCardSimulator | null;
  photoDecoder: PhotoDecoder;
  placeSample(which: SampleCard): void;
  removeCard(): void;
  onCard(cb: (e: CardEvent) => void): () => void;
  /** For the shift-start check: connected and the SAM answered OK (waits out a connect in progress). */
  health(waitMs?: number): Promise<{ connected: boolean; samOk: boolean }>;
  close(): Promise<void>;
}

export async function startIdCardDevice(settings: Settings['devices']['idcard'], timeZone: string, registry: DeviceRegistry, clock: Clock): Promise<IdCardDevice> {
  let transport: Transport;
  let simulator: IdCardSimulator | null = null;
  if (settings.mode === 'serial' && settings.port) {
    transport = new SerialTransport({ path: settings.port, baudRate: settings.baudRate });
  } else if (settings.mode === 'hid') {
    const target = settings.port ? { path: settings.port } : { vendorId: MIAXIS_VENDOR_ID, productId: MIAXIS_PRODUCT_ID };
    transport = new HidTransport({ target, framing: miaxisFraming });
  } else {
    const link = createMemoryLink('idcard-sim');
    simulator = new IdCardSimulator();
    await link.device.open();
    simulator.attach(link.device);
    transport = link.host;
  }
  const simulated = simulator !== null;
  const session = new IdCardSession({ transport, pollIntervalMs: settings.pollIntervalMs, clock, timeZone });
  const photoDecoder: PhotoDecoder = settings.photoDecoderCommand ? new CommandPhotoDecoder({ command: settings.photoDecoderCommand }) : noPhotoDecoder;
  const report = (e: StateEvent) => registry.set('idcard', readerStatus(e, simulated, transport.description));
  session.on('state', report);
  report(session.state);
  session.start();
  return {
    session,
    simulator,
    photoDecoder,
    placeSample(which) {
      simulator?.place(loadSimCard(sampleCardPath(which)));
    },
    removeCard() {
      simulator?.remove();
    },
    onCard: (cb) => session.on('card', cb),
    async health(waitMs = 3000) {
      if (session.state.state === 'connecting' || session.state.state === 'disconnected') {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, waitMs);
          const off = session.on('state', (e) => {
            if (e.state !== 'connecting' && e.state !== 'disconnected') done();
          });
          function done() {
            clearTimeout(timer);
            off();
            resolve();
          }
        });
      }
      const s = session.state.state;
      return { connected: s === 'ready' || s === 'reading' || s === 'fault', samOk: s === 'ready' || s === 'reading' };
    },
    close: () => session.stop(),
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

/** The photo for the verify screen: decoded by the configured vendor tool, or a plain "cannot show". */
export async function photoFor(decoder: PhotoDecoder, raw: Uint8Array): Promise<CardPhoto> {
  const r = await decoder.decode(raw);
  if (!r.available) return { available: false, dataUrl: null, reason_zh: r.reason_zh, reason_en: r.reason_en };
  const mime = imageMime(r.bytes) ?? r.mime;
  return { available: true, dataUrl: `data:${mime};base64,${Buffer.from(r.bytes).toString('base64')}`, reason_zh: null, reason_en: null };
}
