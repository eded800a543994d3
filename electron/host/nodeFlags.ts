/**
 * The Node flags browser mode runs with. V8 only reads heap sizes at start, so they go on the
 * command line of the app process (the launcher, the day soak and the start-up bench all start
 * it with these).
 *
 * --max-semi-space-size: V8 lets the young generation grow to 2 × 16 MiB under allocation
 * pressure and keeps it; the counter's requests are small and short-lived, so 2 × 2 MiB scavenges
 * just as well (measured: `npm run -s day`, README "Figures") and the 28 MiB stay free.
 */
export const HOST_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
