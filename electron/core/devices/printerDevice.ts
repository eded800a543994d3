/**
 * The counter's printer and drawer as the core uses them: the driver on the configured serial
 * port, or (training mode) on the in-process simulator over a memory link — the same driver
 * code either way. Its state feeds the status bar; the print queue prints through it.
 */
import type { Settings } from '../../../base/contract/settings';
import type { DeviceStatus } from '../../../base/contract/devices';
import { PrinterDriver, type PrinterSnapshot } from '../../../native/printer/driver';
import { encodeReceipt } from '../../../native/printer/encoder';
import { modelForWidth, type PrinterModel } from '../../../native/printer/model';
import { PrinterSimulator } from '../../../native/printer/sim/simulator';
import { createMemoryLink } from '../../../native/transport/memory';
import { SerialTransport } from '../../../native/transport/serial';
import type { Transport } from '../../../native/transport/types';
import type { Clock } from '../../../base/clock';
import type { DeviceRegistry } from './registry';

export interface PrinterDevice {
  driver: PrinterDriver;
  model: PrinterModel;
  /** Present in training mode: the simulated printer (tests and the day soak read its paper). */
  simulator: PrinterSimulator | null;
  render(doc: Parameters<typeof encodeReceipt>[0]): Uint8Array;
  kickDrawer(): Promise<void>;
  close(): Promise<void>;
}

/** In training mode the simulated drawer is pushed shut again, as a clerk would. */
const SIM_DRAWER_CLOSE_MS = 3000;

export async function startPrinterDevice(settings: Settings['devices']['printer'], registry: DeviceRegistry, clock: Clock): Promise<PrinterDevice> {
  const model = modelForWidth(settings.paperWidth);
  let transport: Transport;
  let simulator: PrinterSimulator | null = null;
  if (settings.mode === 'serial' && settings.port) {
    transport = new SerialTransport({ path: settings.port, baudRate: settings.baudRate });
  } else {
    const link = createMemoryLink('printer-sim');
    simulator = new PrinterSimulator(link.device, { columns: model.paperWidth === 58 ? 32 : 48 });
    await simulator.start();
    transport = link.host;
  }
  const driver = new PrinterDriver({
    transport,
    model,
    drawerPin: settings.drawerPin,
    drawerPulseMs: settings.drawerPulseMs,
    drawerOpenWhenHigh: settings.drawerOpenWhenHigh,
    baudRate: settings.baudRate,
    clock,
  });
  const simulated = simulator !== null;
  const report = (snap: PrinterSnapshot) => {
    const p = printerStatus(snap, simulated);
    registry.set('printer', p);
    const open = snap.status ? snap.status.drawerOpen : null;
    registry.setDrawer(
      {
        state: snap.state === 'disconnected' || snap.state === 'closed' ? 'disconnected' : simulated ? 'simulated' : 'ready',
        message_zh: open === null ? '钱箱状态未知' : open ? '钱箱已打开' : '钱箱已关闭',
        message_en: open === null ? 'Drawer state unknown' : open ? 'Drawer open' : 'Drawer closed',
        link: snap.link,
      },
      open,
    );
  };
  driver.onChange(report);
  driver.start();
  report(driver.snapshot);
  return {
    driver,
    model,
    simulator,
    render: (doc) => encodeReceipt(doc, { model }),
    async kickDrawer() {
      await driver.kickDrawer();
      if (simulator) setTimeout(() => simulator?.closeDrawer(), SIM_DRAWER_CLOSE_MS).unref();
    },
    async close() {
      await driver.close();
      await simulator?.stop();
    },
  };
}

/** The status bar's words for the printer: paper near end warns, paper out blocks with what to do. */
export function printerStatus(snap: PrinterSnapshot, simulated: boolean): Omit<DeviceStatus, 'since'> {
  const link = snap.link;
  const st = snap.status;
  const sim = (zh: string, en: string) => ({ zh: simulated ? `${zh}（模拟）` : zh, en: simulated ? `${en} (simulated)` : en });
  if (snap.state === 'disconnected' || snap.state === 'closed') {
    return { state: 'disconnected', message_zh: '打印机未连接 — 请检查电源和连线', message_en: 'Printer not connected — check its power and cable', link };
  }
  if (snap.state === 'connecting') return { state: 'connecting', message_zh: '打印机连接中', message_en: 'Printer connecting', link };
  if (st?.paperOut) return { state: 'error', message_zh: '打印机缺纸 — 请装入新纸卷，回单将自动续打', message_en: 'Printer out of paper — load a new roll; receipts resume by themselves', link };
  if (st?.coverOpen) return { state: 'error', message_zh: '打印机盖未关 — 请合上机盖', message_en: 'Printer cover open — close it', link };
  if (st && !st.online) return { state: 'error', message_zh: '打印机离线 — 请检查打印机', message_en: 'Printer offline — check the printer', link };
  if (snap.state === 'error') {
    return { state: 'error', message_zh: snap.error?.message_zh ?? '打印机故障', message_en: snap.error?.message_en ?? 'Printer fault', link };
  }
  if (st?.paperNearEnd) {
    const m = sim('打印纸将尽 — 请备好新纸卷', 'Paper near end — keep a new roll at hand');
    return { state: 'warning', message_zh: m.zh, message_en: m.en, link };
  }
  const m = sim(snap.state === 'busy' ? '打印中' : '打印机就绪', snap.state === 'busy' ? 'Printing' : 'Printer ready');
  return { state: simulated ? 'simulated' : snap.state === 'busy' ? 'busy' : 'ready', message_zh: m.zh, message_en: m.en, link };
}
