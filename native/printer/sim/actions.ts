/**
 * What a person can do to the simulated printer — run it out of paper, open its cover, push the
 * drawer shut. One list for the simulator CLI's stdin and for training mode's buttons.
 */
import type { PrinterSimulator } from './simulator';

export const SIM_PRINTER_ACTIONS = ['paper-out', 'paper-in', 'near-end', 'cover-open', 'cover-close', 'offline', 'online', 'drawer-close'] as const;
export type SimPrinterAction = (typeof SIM_PRINTER_ACTIONS)[number];

export function isSimPrinterAction(v: string): v is SimPrinterAction {
  return (SIM_PRINTER_ACTIONS as readonly string[]).includes(v);
}

export function applySimPrinterAction(sim: PrinterSimulator, action: SimPrinterAction): void {
  switch (action) {
    case 'paper-out':
      sim.runOutOfPaper();
      break;
    case 'paper-in':
      sim.loadPaper();
      break;
    case 'near-end':
      sim.setNearEnd(true);
      break;
    case 'cover-open':
      sim.openCover();
      break;
    case 'cover-close':
      sim.closeCover();
      break;
    case 'offline':
      sim.setOffline(true);
      break;
    case 'online':
      sim.setOffline(false);
      break;
    case 'drawer-close':
      sim.closeDrawer();
      break;
  }
}
