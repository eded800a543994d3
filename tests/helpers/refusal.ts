/** The bilingual refusal a call throws; fails the test when it returns or throws something else. */
import { BilingualError } from '../../base/contract/errors';

export function refusal(f: () => unknown): BilingualError {
  try {
    f();
  } catch (e) {
    if (e instanceof BilingualError) return e;
    throw e;
  }
  throw new Error('expected a refusal (BilingualError), but the call returned');
}

/** The bilingual refusal a promise rejects with; fails the test when it resolves or rejects with something else. */
export async function rejection(p: Promise<unknown>): Promise<BilingualError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof BilingualError) return e;
    throw e;
  }
  throw new Error('expected a refusal (BilingualError), but the promise resolved');
}
