/**
 * The duty standard's spot-check rule (现场巡视抽查): fewer than 5 clerks on duty — check all;
 * 5 to 20 — half; more than 20 — 30%; rounded up.
 */
export function spotChecksRequired(onDuty: number): number {
  if (!Number.isInteger(onDuty) || onDuty < 0) throw new RangeError(`clerks on duty must be a whole number ≥ 0, got ${onDuty}`);
  if (onDuty < 5) return onDuty;
  if (onDuty <= 20) return Math.ceil(onDuty * 0.5);
  return Math.ceil((onDuty * 3) / 10);
}
