/**
 * Issue 18, in Chromium against the real backend, over the tour of every main view and wizard step
 * (tour.ts):
 * - axe (@axe-core/playwright, its default rules: WCAG 2.0 and 2.1 A and AA, and best practices) finds no
 *   serious or critical violation, in the light and the dark theme (there the colour rules), in English and in Simplified Chinese; the test prints the summary;
 * - Chinese screenshots of every stop, light and dark (test-output/screenshots/18*-zh-*), the light
 *   one with the overflow check (no clipped button, no table cut off) at 1280×800 and 1024×768;
 * - the pseudo-locale shows no text that skipped the catalogs, on any stop;
 * - the language follows the OS, changes in Settings at once, and is remembered after a restart.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { PSEUDO_CLOSE, PSEUDO_LANGUAGE, PSEUDO_OPEN } from '../../shared/i18n/pseudo.js';
import { join } from 'node:path';
import { expect, screenshot, SCREENSHOT_DIR, test } from './harness.js';
import { seedTourVault, Speaker, tour, TOUR_NAMES } from './tour.js';

const THEMES = ['light', 'dark'] as const;

interface AxeFinding {
  readonly stop: string;
  readonly theme: string;
  readonly rule: string;
  readonly impact: string;
  readonly nodes: string[];
}

/**
 * The rules whose verdict depends on the colours painted: all axe runs in the dark theme too. Every
 * other rule reads the same DOM in both themes, so it runs once, in the light one (it halves the time).
 */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * Runs axe on the page as it is (its default rules); returns every violation, with serious and critical ones marked.
 * axe.run in the page itself (legacy mode): the window has no frame from another origin, so the same
 * rules see the same DOM, without the default mode's second page per run for axe.finishRun (half the time).
 */
async function axe(page: Page, stop: string, theme: string): Promise<{ all: number; bad: AxeFinding[] }> {
  const builder = new AxeBuilder({ page }).setLegacyMode();
  const result = await (theme === 'light' ? builder : builder.withRules(COLOUR_RULES)).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ stop, theme, rule: v.id, impact: v.impact ?? '', nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`) }));
  return { all: result.violations.length, bad };
}

for (const language of ['en', 'zh-CN'] as const) {
  test(`axe over every view and wizard step, light and dark, in ${language}${language === 'zh-CN' ? ', with screenshots' : ''}`, async ({ certwright: app }) => {
    test.setTimeout(240_000);
    await seedTourVault(app);
    app.systemLanguages = [language];
    const page = await app.launch();
    const s = new Speaker(language);
    const findings: AxeFinding[] = [];
    const rows: string[] = [];
    let stops = 0;
    await tour(page, s, async (stop) => {
      stops++;
      for (const theme of THEMES) {
        // Reduced motion: the app then changes colours without a transition, so axe never reads a
        // button half-way between the themes (it did once, on a loaded machine).
        await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
        await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
        const { all, bad } = await axe(page, stop, theme);
        findings.push(...bad);
        rows.push(`${stop.padEnd(24)} ${theme.padEnd(5)} ${String(all).padStart(3)} violations, ${bad.length} serious/critical`);
        const name = `18${String(stops).padStart(2, '0')}-zh-${stop}-${theme}`;
        // The overflow check runs on the light one: the layout is the same in both themes.
        if (language === 'zh-CN') await (theme === 'light' ? screenshot(page, name) : page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled', caret: 'hide' }));
      }
      await page.emulateMedia({ colorScheme: 'light' });
    });
    console.log(`axe summary, ${language}: ${stops} stops × ${THEMES.length} themes\n${rows.join('\n')}`);
    expect(stops).toBeGreaterThanOrEqual(25);
    expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
    expect(app.problems).toEqual([]);
  });
}

/**
 * Words the window may show outside the catalogs: technical tokens kept in every language, the
 * tour's own data (names it issued), and what Intl writes.
 */
const KEPT = new Set(
  [
    ...'PEM DER PKCS OCSP CRL CRLs CSR CSRs SAN SANs CN EKU JWT JWTs JWKS ACME EAB TLS mTLS URL URLs URI IP DNS RSA ECDSA SHA Ed Certwright Istio Go OpenSSL UTC OK ID JSON CSV ZIP HTTP HTTPS KiB MiB GiB CA CAs SPIFFE X'.split(' '),
    ...Object.values(TOUR_NAMES).flatMap((n) => n.split(/[\s.]+/)),
    ...'Tour Second Root Issuing retired batch tour client'.split(' '),
    // What Intl writes for the pseudo-locale (formatted as English): the chart's month labels.
    ...'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' '),
  ].map((w) => w.toLowerCase()),
);

/** Visible text and labels that have Latin words outside the pseudo-locale's brackets. */
async function untranslated(page: Page): Promise<string[]> {
  const pieces = await page.evaluate(() => {
    const visible = (el: Element) => (el as HTMLElement).getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const skip = (el: Element | null) => el?.closest('code, pre, textarea, kbd, samp, .pem, [translate="no"]') !== null;
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || skip(parent) || !visible(parent)) continue;
      const text = node.textContent?.trim();
      if (text) out.push(text);
    }
    for (const el of Array.from(document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))) {
      if (skip(el) || !visible(el)) continue;
      for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(attr);
        if (v) out.push(`${attr}=${v}`);
      }
    }
    return out;
  });
  const open = PSEUDO_OPEN.replace(/[[\]]/g, '\\$&');
  const close = PSEUDO_CLOSE.replace(/[[\]]/g, '\\$&');
  const bracketed = new RegExp(`${open}[^${close}]*${close}`, 'g');
  return pieces.filter((piece) => {
    const rest = piece.replace(/^(aria-label|title|placeholder|alt)=/, '').replace(bracketed, ' ');
    // Tokens with a dot, slash, colon, @, = or digit are data (names, URLs, dates, serials, paths), and
    // so are lower-case hyphenated ones (service names such as order-service).
    const words = rest.split(/\s+/).filter((w) => w !== '' && !/[./:@=_#\d]/.test(w) && !/^[a-z]+(-[a-z]+)+$/.test(w));
    return words.some((w) => {
      const word = w.replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, '');
      return /[A-Za-z]{2,}/.test(word) && !/^[0-9A-F]+$/.test(word) && !KEPT.has(word.toLowerCase());
    });
  });
}

test('the pseudo-locale: no view or wizard step shows text that skipped the catalogs', async ({ certwright: app }) => {
  test.setTimeout(180_000);
  await seedTourVault(app);
  const page = await app.launch({ pseudo: true });
  const s = new Speaker(PSEUDO_LANGUAGE);
  const found: string[] = [];
  let stops = 0;
  await tour(page, s, async (stop) => {
    stops++;
    await page.waitForTimeout(50);
    for (const piece of await untranslated(page)) found.push(`${stop}: ${piece}`);
  });
  expect(stops).toBeGreaterThanOrEqual(25);
  expect([...new Set(found)]).toEqual([]);
  expect(app.problems).toEqual([]);
});

test('the language follows the OS, changes in Settings without a restart, and is remembered', async ({ certwright: app }) => {
  await seedTourVault(app);
  app.systemLanguages = ['zh-Hans-CN', 'en-US'];
  let page = await app.launch();
  const zh = new Speaker('zh-CN');
  const en = new Speaker('en');
  // A Chinese system: the unlock screen is Chinese before the vault opens.
  await expect(page.getByRole('button', { name: zh.exact('Unlock') })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByLabel(zh.say('Passphrase'), { exact: true }).fill('tour e2e passphrase');
  await page.getByRole('button', { name: zh.exact('Unlock') }).click();
  const nav = page.getByRole('navigation', { name: zh.say('Main') });
  await nav.getByRole('button', { name: zh.exact('Settings') }).click();
  // English, chosen in Settings: every text changes at once, no restart, the view stays.
  await page.getByRole('radio', { name: /English/ }).check();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: en.exact('Settings') })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('radio', { name: /English/ })).toBeChecked();
  // Remembered: after a restart on the same Chinese system, still English.
  await app.quit();
  page = await app.launch();
  await expect(page.getByRole('button', { name: en.exact('Unlock') })).toBeVisible();
  expect(app.preferences.language()).toBe('en');
  expect(app.problems).toEqual([]);
});
