import type { z } from 'zod';
import type { catalogView, ClerkCommandInput, JourneyView } from '../../../../base/contract/journey';
import type { ErrorShape } from '../../../../base/contract/errors';

export type CatalogView = z.infer<typeof catalogView>;

export interface StepProps {
  journey: JourneyView;
  catalog: CatalogView | null;
  busy: boolean;
  act(cmd: ClerkCommandInput): Promise<boolean>;
  /** The last refusal, for a step that shows it next to the field it concerns. */
  error?: ErrorShape | null;
  /** Fetches the journey again (the receipt's print job moved on). */
  reload(): Promise<void>;
  /** Opens the cancel dialog (what Esc does). */
  requestCancel(): void;
}
