/**
 * What is plugged in: serial ports (SerialPort.list, which needs udevadm on Linux) and HID
 * devices (node-hid). A failing lister is reported beside the other's results, not thrown.
 */
import { SerialPort } from 'serialport';

export interface SerialPortInfo {
  path: string;
  manufacturer: string | null;
  serialNumber: string | null;
  vendorId: string | null;
  productId: string | null;
  pnpId: string | null;
}

export interface HidDeviceInfo {
  path: string | null;
  vendorId: number;
  productId: number;
  manufacturer: string | null;
  product: string | null;
  serialNumber: string | null;
  interface: number;
  usagePage: number | null;
  usage: number | null;
}

export interface PortListing {
  serial: SerialPortInfo[];
  hid: HidDeviceInfo[];
  /** Why a list is missing (e.g. udevadm absent, libusb missing). */
  errors: { source: 'serial' | 'hid'; message: string }[];
}

export async function listSerialPorts(): Promise<SerialPortInfo[]> {
  const ports = await SerialPort.list();
  return ports.map((p) => ({
    path: p.path,
    manufacturer: p.manufacturer ?? null,
    serialNumber: p.serialNumber ?? null,
    vendorId: p.vendorId ?? null,
    productId: p.productId ?? null,
    pnpId: p.pnpId ?? null,
  }));
}

interface HidDeviceRaw {
  vendorId: number;
  productId: number;
  path?: string;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
  interface: number;
  usagePage?: number;
  usage?: number;
}

export interface HidLister {
  devicesAsync?: () => Promise<HidDeviceRaw[]>;
  devices: () => HidDeviceRaw[];
}

export async function listHidDevices(lister?: HidLister): Promise<HidDeviceInfo[]> {
  const hid: HidLister = lister ?? (await import('node-hid'));
  const raw = hid.devicesAsync ? await hid.devicesAsync() : hid.devices();
  return raw.map((d) => ({
    path: d.path ?? null,
    vendorId: d.vendorId,
    productId: d.productId,
    manufacturer: d.manufacturer ?? null,
    product: d.product ?? null,
    serialNumber: d.serialNumber ?? null,
    interface: d.interface,
    usagePage: d.usagePage ?? null,
    usage: d.usage ?? null,
  }));
}

export async function listPorts(): Promise<PortListing> {
  const out: PortListing = { serial: [], hid: [], errors: [] };
  const [serial, hid] = await Promise.allSettled([listSerialPorts(), listHidDevices()]);
  if (serial.status === 'fulfilled') out.serial = serial.value;
  else out.errors.push({ source: 'serial', message: errorMessage(serial.reason) });
  if (hid.status === 'fulfilled') out.hid = hid.value;
  else out.errors.push({ source: 'hid', message: errorMessage(hid.reason) });
  return out;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
