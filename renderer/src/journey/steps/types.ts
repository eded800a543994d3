import type { z } from 'zod';
import type { catalogView, ClerkCommandInput, JourneyView } from '../../../../base/contract/journey';

export type CatalogView = z.infer<typeof catalogView>;

export interface StepProps {
  journey: JourneyView;
  catalog: CatalogView | null;
  busy: boolean;
  act(cmd: ClerkCommandInput): Promise<boolean>;
}
