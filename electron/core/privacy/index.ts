/** Personal-data protection: masks, the log scrubber, the keyed ID hash, retention. */
export { scrubPii } from './scrub';
export { containsIdNumber } from './idPattern';
export { createIdHasher, moveLegacyKey, normaliseIdNumber, LEGACY_PII_KEY_FILE, type IdHasher } from './idHash';
export { Retention, DEFAULT_RETENTION_DAYS, type RetentionSpec, type PurgeResult } from './retention';
export { recordPiiView, type PiiField, type PiiViewInput } from './piiView';
