/**
 * Issue 17, layout and words, driven like a person in Chromium against the real backend:
 * - the CA page in tabs (Overview, Certificates, Revocation, Settings) with the keyboard, light and dark;
 * - a root's primary action is "New intermediate", an intermediate's "Issue certificate", and
 *   revoking is never in the main actions;
 * - the sidebar marks the section of what is open (issuing from a CA's page is Certificates);
 * - a wizard's Next stays in the window at 1280×800 (sticky footer);
 * - revoking a CA takes its name typed out, on a red button readable in both themes (≥ 4.5:1,
 *   computed from the colours Chromium paints); openssl then finds the CA revoked in its issuer's CRL;
 * - the mTLS pair result keeps its buttons inside their cards;
 * - serials, fingerprints and key identifiers wrap only between bytes (where Chromium breaks the lines);
 * - the compact Certificates list shows ≥ 25 rows at 1280×800, every row the virtualiser's height,
 *   and the choice of density is remembered.
 * Every screenshot also runs the overflow check (harness.ts → overflow-check.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { ROW_HEIGHT } from '../../renderer/app/list-density.js';
import { runPeer } from '../support/peers.js';
import { createVaultAndRoot, seedLargeVault, unlock } from './flows.js';
import { expect, screenshot, test } from './harness.js';
import { findOverflows } from './overflow-check.js';

const PASSPHRASE = 'layout e2e passphrase';

/** WCAG contrast of two CSS rgb() colours. */
function contrast(a: string, b: string): number {
  const channels = (c: string) => (/rgba?\((\d+), (\d+), (\d+)/.exec(c) ?? []).slice(1, 4).map(Number);
  const luminance = (c: string) => {
    const [r, g, bl] = channels(c).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** A button's painted colours: its background, its text, and whether the background is red. */
async function paint(button: Locator): Promise<{ background: string; text: string; ratio: number; red: boolean }> {
  const { background, text } = await button.evaluate((b) => ({ background: getComputedStyle(b).backgroundColor, text: getComputedStyle(b).color }));
  const [r, g, bl] = (/rgba?\((\d+), (\d+), (\d+)/.exec(background) ?? []).slice(1, 4).map(Number);
  return { background, text, ratio: contrast(background, text), red: r! > g! + 80 && r! > bl! + 80 };
}

/** Where Chromium starts each line of a hex value once its box is `width` px wide: the character offsets. */
async function lineStarts(hex: Locator, width: number): Promise<{ text: string; starts: number[] }> {
  return hex.evaluate((el, w) => {
    (el as HTMLElement).style.display = 'inline-block';
    (el as HTMLElement).style.width = `${w}px`;
    const text = el.textContent ?? '';
    const starts: number[] = [];
    let offset = 0;
    let lastTop = Number.NEGATIVE_INFINITY;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < (node.textContent ?? '').length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const top = range.getBoundingClientRect().top;
        if (top > lastTop + 2) {
          starts.push(offset + i);
          lastTop = top;
        }
      }
      offset += (node.textContent ?? '').length;
    }
    (el as HTMLElement).style.removeProperty('display');
    (el as HTMLElement).style.removeProperty('width');
    return { text, starts };
  }, width);
}

/** The button is in the window and nothing covers its middle. */
async function expectInWindow(page: Page, button: Locator) {
  const box = (await button.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
  const hit = await button.evaluate((b) => {
    const r = b.getBoundingClientRect();
    const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return at !== null && (at === b || b.contains(at));
  });
  expect(hit).toBe(true);
}

test('the CA page in tabs, primary actions, the sidebar, sticky wizard footers, and revoking a CA by its typed name', async ({ certwright: app }) => {
  test.setTimeout(90_000);
  const dir = await mkdtemp(join(tmpdir(), 'certwright-layout-e2e-'));
  try {
    const page = await createVaultAndRoot(app, PASSPHRASE, 'Layout Root CA');
    const nav = page.getByRole('navigation', { name: 'Main' });
    const current = nav.locator('[aria-current="page"]');
    const article = page.getByRole('article');

    // ---- A root: "New intermediate" first and primary; issuing leaves is secondary; no revoke here --------
    const actions = article.getByRole('group', { name: 'Authority actions' });
    await expect(actions.getByRole('button').first()).toHaveText('New intermediate');
    await expect(actions.getByRole('button', { name: 'New intermediate' })).toHaveClass(/btn-primary/);
    await expect(actions.getByRole('button', { name: 'Issue certificate' })).not.toHaveClass(/btn-primary/);
    await expect(actions.getByRole('button', { name: /Revoke/ })).toHaveCount(0);

    // ---- Tabs, by keyboard: arrows (wrapping), Home, End; one tab stop --------------------------------------
    const tabs = article.getByRole('tablist', { name: 'Layout Root CA: sections' });
    const tab = (name: string) => tabs.getByRole('tab', { name });
    await expect(tabs.getByRole('tab')).toHaveText(['Overview', 'Certificates', 'Revocation', 'Settings']);
    await expect(tab('Overview')).toHaveAttribute('aria-selected', 'true');
    await expect(article.getByRole('tabpanel')).toHaveCount(1); // the others are hidden
    await expect(tabs.locator('[tabindex="0"]')).toHaveCount(1);
    await screenshot(page, '470-ca-tab-overview');

    // The fingerprint (colon hex) and the serial (plain hex) wrap only between bytes.
    const fingerprint = article.locator('.fact', { hasText: 'SHA-256 fingerprint' }).locator('.hex');
    const fp = await lineStarts(fingerprint, 150);
    expect(fp.text).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(fp.starts.length).toBeGreaterThan(3);
    for (const s of fp.starts.slice(1)) expect(fp.text[s - 1], `a line starts at ${s} of ${fp.text}`).toBe(':');
    const serial = article.locator('.fact', { hasText: 'Serial number' }).locator('.hex');
    const sn = await lineStarts(serial, 60);
    expect(sn.text).toMatch(/^[0-9A-F]+$/i);
    expect(sn.starts.length).toBeGreaterThan(2);
    for (const s of sn.starts) expect(s % 2, `a line starts at ${s} of ${sn.text}`).toBe(0);

    await tab('Overview').focus();
    await page.keyboard.press('ArrowRight');
    await expect(tab('Certificates')).toHaveAttribute('aria-selected', 'true');
    await expect(tab('Certificates')).toBeFocused();
    await expect(article.getByRole('tabpanel')).toContainText('Expiring within 30 days');
    await page.keyboard.press('End');
    await expect(tab('Settings')).toHaveAttribute('aria-selected', 'true');
    await expect(article.getByRole('button', { name: 'Save settings' })).toBeVisible();
    await screenshot(page, '471-ca-tab-settings');
    await page.keyboard.press('ArrowRight'); // wraps to the first
    await expect(tab('Overview')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowLeft'); // and back to the last
    await expect(tab('Settings')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Home');
    await expect(tab('Overview')).toHaveAttribute('aria-selected', 'true');
    await tab('Revocation').click();
    await expect(article.getByRole('region', { name: 'Certificate revocation list' })).toBeVisible();
    await expect(article.getByRole('region', { name: 'OCSP responder' })).toBeVisible();
    await expect(article.getByRole('button', { name: 'Revoke CA…' })).toHaveCount(0); // a root has no issuer to revoke it
    await screenshot(page, '472-ca-tab-revocation');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, '473-ca-tab-revocation-dark');
    await tab('Overview').click();
    await screenshot(page, '474-ca-tab-overview-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // ---- A new intermediate: the sidebar says Authorities; Next is always in the window -----------------------
    await actions.getByRole('button', { name: 'New intermediate' }).click();
    await expect(current).toHaveText('Authorities');
    const next = page.getByRole('button', { name: 'Next' });
    await expectInWindow(page, next);
    await next.click();
    await page.getByLabel('Common name').fill('Layout Issuing CA');
    for (let i = 0; i < 3; i++) {
      await expectInWindow(page, next);
      if (i === 1) await screenshot(page, '475-wizard-sticky-footer');
      await next.click();
    }
    const create = page.getByRole('button', { name: 'Create intermediate CA' });
    await expectInWindow(page, create);
    await create.click();
    await expect(article.getByRole('heading', { name: 'Layout Issuing CA' })).toBeVisible();
    await expect(current).toHaveText('Authorities');
    const intermediatePem = (await article.getByLabel('Certificate PEM', { exact: true }).textContent()) ?? '';

    // ---- An intermediate issues leaves: "Issue certificate" is primary; its wizard is Certificates in the sidebar
    await expect(actions.getByRole('button').first()).toHaveText('Issue certificate');
    await expect(actions.getByRole('button', { name: 'Issue certificate' })).toHaveClass(/btn-primary/);
    await actions.getByRole('button', { name: 'Issue certificate' }).click();
    await expect(current).toHaveText('Certificates');
    await expectInWindow(page, page.getByRole('button', { name: 'Next' }));
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(current).toHaveText('Authorities');
    await expect(article.getByRole('heading', { name: 'Layout Issuing CA' })).toBeVisible(); // Cancel returns to the CA it left

    // ---- An mTLS pair from it: both cards' buttons stay inside their cards (at 1280 and 1024 px) -------------
    await actions.getByRole('button', { name: 'mTLS pair' }).click();
    await expect(current).toHaveText('Certificates');
    await page.getByLabel('Service name').fill('orders');
    await page.getByLabel('DNS names and IP addresses', { exact: true }).fill('orders.acme.internal');
    await page.getByRole('button', { name: 'Issue pair' }).click();
    const pair = page.getByRole('region', { name: 'Issued pair' });
    await expect(pair.getByRole('button', { name: 'Open server certificate' })).toBeVisible();
    expect(await findOverflows(page)).toEqual([]);
    await screenshot(page, '479-pair-result');
    await pair.getByRole('button', { name: 'Open server certificate' }).click();
    await expect(current).toHaveText('Certificates');
    const keyId = page.getByRole('article').locator('.fact', { hasText: 'Subject key identifier' }).locator('.hex');
    const ski = await lineStarts(keyId, 70);
    expect(ski.starts.length).toBeGreaterThan(2);
    for (const s of ski.starts.slice(1)) expect(ski.text[s - 1], `a line starts at ${s} of ${ski.text}`).toBe(':');
    await nav.getByRole('button', { name: 'Authorities' }).click();
    await page.getByRole('list', { name: 'Certificate authorities' }).getByRole('button', { name: /Layout Issuing CA/ }).click();
    await expect(article.getByRole('heading', { name: 'Layout Issuing CA' })).toBeVisible();

    // ---- Revoking the intermediate: in its Revocation tab, apart; the name typed out; a red final button --------
    await article.getByRole('tab', { name: 'Revocation' }).click();
    const opener = article.getByRole('button', { name: 'Revoke CA…' });
    await expect(opener).toHaveClass(/btn-danger/);
    await opener.click();
    await expect(current).toHaveText('Authorities');
    await page.getByRole('radio', { name: /Superseded/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    const revokeCa = page.getByRole('button', { name: 'Revoke CA', exact: true });
    const typed = page.getByLabel("Type the CA's name to confirm");
    await expect(revokeCa).toBeDisabled();
    await expect(revokeCa).toHaveAccessibleDescription('Revoke CA is enabled once this reads “Layout Issuing CA”.');
    await typed.fill('layout issuing ca'); // not the name: case counts
    await typed.press('Enter'); // Enter submits the form: nothing happens yet
    await expect(revokeCa).toBeDisabled();
    await expect(page.getByRole('heading', { name: 'Revoke the CA Layout Issuing CA' })).toBeVisible();
    await typed.fill('Layout Issuing CA');
    await expect(revokeCa).toBeEnabled();
    await expectInWindow(page, revokeCa);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const painted = await paint(revokeCa);
      expect(painted.red, `${scheme}: ${painted.background}`).toBe(true);
      expect(painted.ratio, `${scheme}: ${painted.text} on ${painted.background}`).toBeGreaterThanOrEqual(4.5);
      await screenshot(page, scheme === 'light' ? '476-revoke-ca-typed' : '477-revoke-ca-typed-dark');
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await revokeCa.click();
    await expect(page.getByText('Revoked the CA “Layout Issuing CA” (Superseded). It can no longer issue.')).toBeVisible();

    // ---- openssl agrees: the root's CRL lists the intermediate -------------------------------------------------
    await page.getByRole('list', { name: 'Certificate authorities' }).getByRole('button', { name: /Layout Root CA/ }).click();
    await expect(article.getByRole('heading', { name: 'Layout Root CA' })).toBeVisible();
    const rootPem = (await article.getByLabel('Certificate PEM', { exact: true }).textContent()) ?? '';
    await article.getByRole('tab', { name: 'Revocation' }).click();
    const crl = article.getByRole('region', { name: 'Certificate revocation list' });
    await expect(crl.getByRole('table', { name: 'Revoked certificates' }).getByRole('row')).toHaveCount(2);
    // Plain-text head cells keep their padding: "Common name" and "Reason" do not run together.
    const head = crl.getByRole('table', { name: 'Revoked certificates' }).getByRole('columnheader', { name: 'Reason' });
    expect(await head.evaluate((th) => parseFloat(getComputedStyle(th).paddingLeft))).toBeGreaterThanOrEqual(8);
    await crl.scrollIntoViewIfNeeded();
    await screenshot(page, '478-crl-entries');
    const crlPath = join(dir, 'root.crl.pem');
    app.dialogAnswers.push(crlPath);
    await crl.getByRole('button', { name: 'Download PEM' }).click();
    await expect(crl.getByText(`Saved to ${crlPath}`)).toBeVisible();
    await writeFile(join(dir, 'root.pem'), rootPem);
    await writeFile(join(dir, 'intermediate.pem'), intermediatePem);
    const verdict = await runPeer('openssl', ['verify', '-crl_check', '-CAfile', join(dir, 'root.pem'), '-CRLfile', crlPath, join(dir, 'intermediate.pem')]);
    expect(verdict.stdout + verdict.stderr).toContain('certificate revoked');
    expect(app.problems).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the compact list shows 25 rows or more at 1280×800, each the virtualiser’s height, and the density is remembered', async ({ certwright: app }) => {
  test.setTimeout(60_000);
  const COUNT = 80;
  await seedLargeVault(app, PASSPHRASE, COUNT, 'Density Root CA');
  const page = await app.launch();
  await unlock(page, PASSPHRASE);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Certificates' }).click();
  const table = page.getByRole('table', { name: 'Certificates' });
  await expect(page.locator('.table-count')).toContainText('certificates');
  const density = page.getByRole('group', { name: 'Row density' });

  /** Rows wholly in the window and in the list's scroller (below its sticky head), and the heights of all rows drawn. */
  const inView = () =>
    page.evaluate(() => {
      const scroller = document.querySelector('.table-scroll')!.getBoundingClientRect();
      const head = document.querySelector('.table-certificates thead')!.getBoundingClientRect();
      const rows = Array.from(document.querySelectorAll('.table-certificates tbody tr[data-index]')).map((r) => r.getBoundingClientRect());
      const top = Math.max(head.bottom, scroller.top, 0);
      const bottom = Math.min(scroller.bottom, window.innerHeight);
      return { whole: rows.filter((r) => r.top >= top - 0.5 && r.bottom <= bottom + 0.5).length, heights: [...new Set(rows.map((r) => Math.round(r.height)))] };
    });

  // Compact is the default: 25 rows or more, every one ROW_HEIGHT.compact px (what the virtualiser assumes).
  await expect(density.getByRole('button', { name: 'Compact' })).toHaveAttribute('aria-pressed', 'true');
  await expect(table.locator('tbody tr[data-index]').first()).toBeVisible();
  const compact = await inView();
  expect(compact.whole).toBeGreaterThanOrEqual(25);
  expect(compact.heights).toEqual([ROW_HEIGHT.compact]);
  await screenshot(page, '480-list-compact');

  // The end of the list is where the virtualiser puts it: the scroller is exactly the rows' height plus the head.
  const listed = Number(await table.getAttribute('aria-rowcount')) - 1; // the retired ones are hidden
  expect(listed).toBeGreaterThan(25);
  const sizes = await page.evaluate(() => ({ scroll: document.querySelector('.table-scroll')!.scrollHeight, head: document.querySelector('.table-certificates thead')!.getBoundingClientRect().height }));
  expect(Math.abs(sizes.scroll - (sizes.head + listed * ROW_HEIGHT.compact))).toBeLessThanOrEqual(2);

  // Comfortable: two lines a row, fewer rows; remembered across views.
  await density.getByRole('button', { name: 'Comfortable' }).click();
  await expect(density.getByRole('button', { name: 'Comfortable' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await inView()).whole).toBeLessThan(compact.whole);
  await screenshot(page, '481-list-comfortable');
  await nav.getByRole('button', { name: 'Dashboard' }).click();
  await nav.getByRole('button', { name: 'Certificates' }).click();
  await expect(page.getByRole('group', { name: 'Row density' }).getByRole('button', { name: 'Comfortable' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('group', { name: 'Row density' }).getByRole('button', { name: 'Compact' }).click();
  await expect.poll(async () => (await inView()).whole).toBeGreaterThanOrEqual(25);
  expect(app.problems).toEqual([]);
});
