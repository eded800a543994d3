/**
 * The Node version the project runs on. The pinned Node (the `node` devDependency, run by npm
 * scripts from node_modules/.bin) is 22; the machines' own node is 20, on which better-sqlite3
 * 13 loads and then crashes the process at its first query (SIGSEGV, exit 139, no message).
 * Every entry point checks this before it loads anything native and says so in one line.
 */

/** The oldest major the project runs on: package.json `engines.node` says the same (tested). */
export const MIN_NODE_MAJOR = 22;

/** One line in both languages naming the fix, or null when `version` (e.g. "20.20.2") will do. */
export function nodeVersionProblem(version: string, minMajor = MIN_NODE_MAJOR): string | null {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (Number.isInteger(major) && major >= minMajor) return null;
  const v = version.startsWith('v') ? version : `v${version}`;
  return (
    `柜台通需要 Node ${minMajor} 或更新版本，当前是 ${v} — 请用 npm start、npm test 或 npx 运行（它们使用项目自带的 Node ${minMajor}）` +
    ` / CounterDesk needs Node ${minMajor} or newer, this is ${v} — run it through npm start, npm test or npx (they use the project's own Node ${minMajor})`
  );
}

/** For entry points: print the line and exit 1 when this Node is too old. Call before loading the app. */
export function exitOnOldNode(): void {
  const problem = nodeVersionProblem(process.versions.node);
  if (problem === null) return;
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
