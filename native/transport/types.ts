/**
 * One byte-stream interface for every device link: serial (serialport), USB-HID
 * (node-hid behind a framing adapter) and in-memory (in-process simulators).
 * Drivers are written against this and never know which one they have.
 */
export interface Transport {
  /** Human-readable description for logs and the device page ("serial:/dev/ttyUSB0@115200"). */
  readonly description: string;
  open(): Promise<void>;
  close(): Promise<void>;
  readonly isOpen: boolean;
  /** Resolves when the bytes were handed to the OS (drained), not when the device processed them. */
  write(data: Uint8Array): Promise<void>;
  /** Incoming bytes, in arbitrary pieces. Returns an unsubscribe. */
  onData(cb: (chunk: Uint8Array) => void): () => void;
  /** The link went away (unplugged, pty closed). Returns an unsubscribe. */
  onClose(cb: (err?: Error) => void): () => void;
}
