/** Cheap hashing for tests: the same code path as production (N = 2^15), not the same cost. */
import type { ScryptParams } from '../../base/node/secretHash';

export const FAST_SCRYPT: ScryptParams = { N: 2 ** 4, r: 1, p: 1 };
