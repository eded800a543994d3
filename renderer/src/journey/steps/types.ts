import type { z } from 'zod';
import type { catalogView, ClerkCommandInput, JourneyView } from '../../../../base/contract/journey';

export type CatalogView = z.infer<typeof catalogView>;

export interface StepProps {
  journey: JourneyView;
  catalog: CatalogView | null;
  busy: boolean;
  act(cmd: ClerkCommandInput): Promise<boolean>;
  /** Fetches the journey again (the receipt's print job moved on). */
  reload(): Promise<void>;
  /** Opens the cancel dialog (what Esc does). */
  requestCancel(): void;
}
