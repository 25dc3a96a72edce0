/**
 * The layout check every screenshot runs (issue 17): no card, button or table cell overflows its
 * box, at the viewport the spec uses (1280×800) and at 1024×768.
 *
 * An element overflows when its content is wider than its box (scrollWidth > clientWidth, 1 px
 * of rounding allowed) and the reader cannot get at the rest: the content spills out (overflow
 * visible) or is cut off (hidden/clip). Two cases are by design and pass: a box that scrolls
 * (overflow auto/scroll — the wide certificates table at 1024 px), and a one-line cell that ends
 * in an ellipsis (text-overflow: ellipsis, the full value in a title or the detail pane).
 * The app's main area (main.content) is the exception to the exception: it scrolls, but a page
 * that needs a horizontal scroll there has something too wide in it (a page head's buttons).
 */
import type { Page } from '@playwright/test';

/** What the check looks at: cards (any class ending in "card"), buttons, table head and body cells. */
export const OVERFLOW_SELECTOR = '.card, [class*="-card"], button, .btn, th, td';

/** Scroll containers that must not scroll sideways: the main area of the window. */
export const NO_SIDEWAYS_SCROLL = 'main.content';

export interface Overflow {
  /** A CSS path to the element: tag, id and classes of it and its ancestors. */
  readonly selector: string;
  /** Its text, shortened. */
  readonly text: string;
  readonly scrollWidth: number;
  readonly clientWidth: number;
}

/** The elements of the page that overflow now (none: an empty list). */
export async function findOverflows(page: Page): Promise<Overflow[]> {
  return page.evaluate(([selector, strict]) => {
    const describe = (element: Element): string => {
      const parts: string[] = [];
      for (let e: Element | null = element; e && e !== document.body && parts.length < 5; e = e.parentElement) {
        const classes = Array.from(e.classList, (c) => `.${c}`).join('');
        parts.unshift(`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${classes}`);
      }
      return parts.join(' > ');
    };
    const found: Array<{ selector: string; text: string; scrollWidth: number; clientWidth: number }> = [];
    for (const element of Array.from(document.querySelectorAll<HTMLElement>(`${selector}, ${strict}`))) {
      if (element.clientWidth === 0 || element.scrollWidth <= element.clientWidth + 1) continue; // not shown, or fits
      const style = getComputedStyle(element);
      if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && !element.matches(strict)) continue; // scrolls: the rest is reachable
      if (style.textOverflow === 'ellipsis' && style.overflowX !== 'visible') continue; // truncated on purpose
      const text = (element.innerText || element.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim();
      found.push({ selector: describe(element), text: text.length > 80 ? `${text.slice(0, 79)}…` : text, scrollWidth: element.scrollWidth, clientWidth: element.clientWidth });
    }
    return found;
  }, [OVERFLOW_SELECTOR, NO_SIDEWAYS_SCROLL] as const);
}

/** The sizes every screenshot is checked at besides the spec's own. */
export const NARROW_VIEWPORT = { width: 1024, height: 768 } as const;

/**
 * Checks the page at its current viewport and at 1024×768 (then puts the viewport back), and
 * throws naming every element that overflows, with its text, selector and widths.
 */
export async function assertNoOverflow(page: Page, step: string): Promise<void> {
  const original = page.viewportSize();
  const problems: string[] = [];
  const note = (size: string, overflows: readonly Overflow[]) => {
    for (const o of overflows) problems.push(`at ${size}: “${o.text}” (${o.selector}) is ${o.scrollWidth}px wide in a ${o.clientWidth}px box`);
  };
  if (original) note(`${original.width}×${original.height}`, await findOverflows(page));
  if (original && (original.width !== NARROW_VIEWPORT.width || original.height !== NARROW_VIEWPORT.height)) {
    await page.setViewportSize(NARROW_VIEWPORT);
    try {
      await page.waitForTimeout(50); // a frame for layout and resize observers
      note(`${NARROW_VIEWPORT.width}×${NARROW_VIEWPORT.height}`, await findOverflows(page));
    } finally {
      await page.setViewportSize(original);
    }
    await page.waitForTimeout(50);
  }
  if (problems.length > 0) throw new Error(`Screenshot step “${step}”: ${problems.length} element${problems.length === 1 ? '' : 's'} overflow${problems.length === 1 ? 's' : ''} ${problems.length === 1 ? 'its' : 'their'} box:\n- ${problems.join('\n- ')}`);
}
