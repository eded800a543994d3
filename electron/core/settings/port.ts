/**
 * Where settings are kept. Core only knows this port: browser mode and tests back it
 * with `conf` (a JSON file in the data dir), the Electron shell with electron-store.
 */
export interface SettingsPort {
  /** The raw stored object (unvalidated); throws if the file cannot be parsed. */
  read(): unknown;
  /** Replaces the stored object atomically (temp file + rename). */
  write(value: Record<string, unknown>): void;
  /** For error messages. */
  readonly location: string;
}
