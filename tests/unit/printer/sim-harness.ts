/** An in-process simulator on a memory link, for unit tests. */
import { createMemoryLink, type MemoryLink } from '../../../native/transport/memory';
import { PrinterSimulator, type PrinterSimOptions } from '../../../native/printer/sim/simulator';

export interface Bench {
  link: MemoryLink;
  sim: PrinterSimulator;
  close(): Promise<void>;
}

export async function simOnMemoryLink(opts: PrinterSimOptions = {}): Promise<Bench> {
  const link = createMemoryLink('printer');
  const sim = new PrinterSimulator(link.device, opts);
  await sim.start();
  return {
    link,
    sim,
    async close() {
      await sim.stop();
      await link.host.close();
    },
  };
}
