/**
 * Does a screen fit the counter's monitor? At each size: the page itself must not scroll, no
 * region must hide content behind its own scroll bar (the step's body, the tab's page, a dialog),
 * and the primary action must lie wholly inside the window. Returns what does not fit, in words.
 */
import type { Page } from 'playwright-core';

export const COUNTER_SIZES = [
  { width: 1366, height: 768 },
  { width: 1280, height: 720 },
] as const;

export type Size = { width: number; height: number };

/** Regions that scroll only as a last resort: on a counter screen they must not need to. */
const REGIONS = ['.content', '.ant-tabs-content-holder', '.step-body', '.customer-card', '.ant-modal-wrap', '.ant-modal-body'];

export async function misfits(page: Page, opts: { sizes?: readonly Size[]; primary?: string; regions?: string[] } = {}): Promise<string[]> {
  const before = page.viewportSize();
  const problems: string[] = [];
  for (const size of opts.sizes ?? COUNTER_SIZES) {
    await page.setViewportSize(size);
    // Two frames: the layout after the resize has been painted.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const found = await page.evaluate(
      ({ primary, regions }) => {
        const out: string[] = [];
        const doc = document.scrollingElement ?? document.documentElement;
        if (doc.scrollHeight > window.innerHeight) out.push(`the page scrolls: ${doc.scrollHeight} > ${window.innerHeight} px high`);
        if (doc.scrollWidth > window.innerWidth) out.push(`the page scrolls sideways: ${doc.scrollWidth} > ${window.innerWidth} px wide`);
        for (const sel of regions) {
          for (const el of document.querySelectorAll<HTMLElement>(sel)) {
            if (el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
            if (el.scrollHeight > el.clientHeight + 1) out.push(`${sel} hides ${el.scrollHeight - el.clientHeight} px below its fold`);
          }
        }
        const buttons = [...document.querySelectorAll<HTMLElement>(primary)].filter((b) => b.offsetParent !== null);
        if (buttons.length === 0) out.push(`no primary action (${primary}) on screen`);
        for (const b of buttons) {
          const r = b.getBoundingClientRect();
          if (r.top < 0 || r.left < 0 || r.bottom > window.innerHeight || r.right > window.innerWidth) {
            out.push(`the primary action "${b.textContent ?? ''}" is outside the window (${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)})`);
          }
        }
        return out;
      },
      { primary: opts.primary ?? '.primary-action', regions: opts.regions ?? REGIONS },
    );
    problems.push(...found.map((f) => `${size.width}×${size.height}: ${f}`));
  }
  if (before) await page.setViewportSize(before);
  return problems;
}

/**
 * Fails the test with what does not fit; with COUNTERDESK_SCREENSHOTS=<dir> (or
 * UPDATE_SCREENSHOTS=1: resources/docs) it also saves `<name>.png` at 1366×768 and
 * `<name>-1280.png` at 1280×720. FIT_SOFT=1 prints the misfits instead (while designing).
 */
export async function expectFits(page: Page, name: string, opts: { primary?: string; shotsDir?: string | null } = {}): Promise<string[]> {
  const found = await misfits(page, opts.primary ? { primary: opts.primary } : {});
  if (opts.shotsDir) {
    const before = page.viewportSize();
    for (const size of COUNTER_SIZES) {
      await page.setViewportSize(size);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.screenshot({ path: `${opts.shotsDir}/${name}${size.width === 1366 ? '' : `-${size.width}`}.png` });
    }
    if (before) await page.setViewportSize(before);
  }
  if (process.env.FIT_SOFT && found.length > 0) console.log(`does not fit: ${name}`, found);
  return process.env.FIT_SOFT ? [] : found;
}

/** Where screenshots go this run, or null. */
export function shotsDir(root: string): string | null {
  if (process.env.COUNTERDESK_SCREENSHOTS) return process.env.COUNTERDESK_SCREENSHOTS;
  return process.env.UPDATE_SCREENSHOTS === '1' ? `${root}/resources/docs` : null;
}
