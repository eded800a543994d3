/**
 * The device states the status bar shows. Drivers report into it; it emits
 * `devices.changed` so the renderer never polls.
 */
import type { DeviceStatus, DevicesStatus } from '../../../base/contract/devices';
import type { Clock } from '../../../base/clock';
import type { EventBus } from '../events/bus';

type Slot = 'idcard' | 'printer' | 'database';

export class DeviceRegistry {
  private status: DevicesStatus;

  constructor(
    private readonly bus: EventBus,
    private readonly clock: Clock,
    trainingMode: boolean,
  ) {
    const t = clock.now();
    const sim = (zh: string, en: string): DeviceStatus => ({
      state: trainingMode ? 'simulated' : 'connecting',
      message_zh: trainingMode ? `${zh}（模拟）` : `${zh}连接中`,
      message_en: trainingMode ? `${en} (simulated)` : `${en} connecting`,
      link: trainingMode ? 'simulated' : '',
      since: t,
    });
    this.status = {
      trainingMode,
      idcard: sim('读卡器', 'ID reader'),
      printer: sim('打印机', 'Printer'),
      drawer: { ...sim('钱箱', 'Drawer'), open: null },
      database: { state: 'ready', message_zh: '数据库正常', message_en: 'Database OK', link: 'sqlite', since: t },
    };
  }

  /** Training mode follows the device settings: on while any device is simulated. */
  setTrainingMode(on: boolean): void {
    if (this.status.trainingMode === on) return;
    this.status.trainingMode = on;
    this.bus.emit('devices.changed', this.get());
  }

  get(): DevicesStatus {
    return structuredClone(this.status);
  }

  set(slot: Slot, s: Omit<DeviceStatus, 'since'>): void {
    const prev = this.status[slot];
    if (prev.state === s.state && prev.message_en === s.message_en && prev.link === s.link) return;
    this.status[slot] = { ...s, since: this.clock.now() };
    this.bus.emit('devices.changed', this.get());
  }

  setDrawer(s: Omit<DeviceStatus, 'since'>, open: boolean | null): void {
    const prev = this.status.drawer;
    if (prev.state === s.state && prev.open === open && prev.message_en === s.message_en) return;
    this.status.drawer = { ...s, open, since: this.clock.now() };
    this.bus.emit('devices.changed', this.get());
  }
}
