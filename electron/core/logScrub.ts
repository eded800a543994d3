/**
 * Last line of defence for logs: anything shaped like a Chinese ID number (18 chars, or the old
 * 15 digits) is masked before the line is written. Domain code should never log personal data
 * in the first place; this catches mistakes.
 */
const ID18 = /(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const ID15 = /(?<![0-9A-Za-z])(\d{4})\d{7}(\d{4})(?![0-9A-Za-z])/g;

export function scrubLine(line: string): string {
  return line.replace(ID18, (_m, a: string, b: string) => `${a}**********${b}`).replace(ID15, (_m, a: string, b: string) => `${a}*******${b}`);
}
