/**
 * Issue 18, keyboard only, in Chromium against the real backend: unlock, an mTLS pair and the
 * revocation of its client certificate, with Tab, Shift+Tab, typing, Space and Enter — the mouse is
 * never used. Every control reached shows a visible focus indicator.
 */
import type { Locator, Page } from '@playwright/test';
import { openBackend } from '../support/backend.js';
import { E2E_SCRYPT_N, expect, screenshot, test, type CertwrightApp } from './harness.js';

const PASSPHRASE = 'keyboard e2e passphrase';

async function seed(app: CertwrightApp): Promise<void> {
  const backend = openBackend(app.vaultDir, { scryptN: E2E_SCRYPT_N });
  try {
    await backend.call('vault.create', { passphrase: PASSPHRASE });
    const root = await backend.call('authority.createRoot', { subject: { commonName: 'Keyboard Root CA' } });
    await backend.call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Keyboard Issuing CA' } });
  } finally {
    backend.vault.lock();
    await backend.services.close();
  }
}

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement).catch(() => false);

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, at most 60 times, and checks that the
 * focus is visible there (an outline or a focus ring painted by :focus-visible).
 */
async function tabTo(page: Page, target: Locator, { backwards = false } = {}): Promise<void> {
  for (let presses = 0; presses <= 60; presses++) {
    if (await isFocused(target)) {
      const ring = await target.evaluate((el) => {
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        const shadow = style.boxShadow !== 'none';
        return { visible: el.matches(':focus-visible') && (outline || shadow), style: `${style.outlineStyle} ${style.outlineWidth} / ${style.boxShadow}` };
      });
      expect(ring.visible, `no visible focus on ${await target.evaluate((el) => el.outerHTML.slice(0, 120))} (${ring.style})`).toBe(true);
      return;
    }
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 160) ?? 'nothing');
  throw new Error(`Tab never reached the control; the focus is on ${focused}`);
}

test('an mTLS pair and the revocation of its client, with the keyboard alone', async ({ certwright: app }) => {
  test.setTimeout(120_000);
  await seed(app);
  const page = await app.launch();

  // ---- Unlock: type, Enter -----------------------------------------------------------------------------
  await tabTo(page, page.getByLabel('Passphrase', { exact: true }));
  await page.keyboard.type(PASSPHRASE);
  await page.keyboard.press('Enter');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeVisible({ timeout: 30_000 });

  // ---- To the intermediate's page ----------------------------------------------------------------------
  await tabTo(page, nav.getByRole('button', { name: 'Authorities' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('list', { name: 'Certificate authorities' }).getByRole('button', { name: /Keyboard Issuing CA/ }));
  await page.keyboard.press('Enter');
  const detail = page.getByRole('article');
  await expect(detail.getByRole('heading', { name: 'Keyboard Issuing CA' })).toBeVisible();

  // ---- The mTLS pair -----------------------------------------------------------------------------------
  await tabTo(page, detail.getByRole('button', { name: 'mTLS pair' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'mTLS pair for a service' })).toBeVisible();
  await tabTo(page, page.getByLabel('Service name'));
  await page.keyboard.type('orders');
  await tabTo(page, page.getByLabel('DNS names and IP addresses', { exact: true }));
  await page.keyboard.type('orders.keyboard.internal');
  await tabTo(page, page.getByRole('button', { name: 'Issue pair' }));
  await screenshot(page, '1890-keyboard-pair-form');
  await page.keyboard.press('Enter');
  const pair = page.getByRole('region', { name: 'Issued pair' });
  await expect(pair.getByRole('region', { name: /orders/ })).toHaveCount(2);

  // ---- Revoke the client ---------------------------------------------------------------------------------
  await tabTo(page, pair.getByRole('button', { name: 'Open client certificate' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('article').getByRole('heading', { name: 'orders' })).toBeVisible();
  await tabTo(page, page.getByRole('article').getByRole('button', { name: 'Revoke…' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Revoke orders' })).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Next' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Choose why the certificate is revoked')).toBeVisible();
  const compromise = page.getByRole('radio', { name: /Key compromise/ });
  // A radio group is one Tab stop; the arrow keys move within it, as in every native radio group.
  for (let i = 0; i < 40 && !(await compromise.isChecked()); i++) {
    const onRadio = await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === 'radio');
    if (!onRadio) await page.keyboard.press('Tab');
    else if (await isFocused(compromise)) await page.keyboard.press('Space');
    else await page.keyboard.press('ArrowDown');
  }
  await expect(compromise).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Next' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Key compromise is final/)).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Revoke', exact: true }));
  await screenshot(page, '1891-keyboard-revoke-review');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Revoked “orders · client” (Key compromise).')).toBeVisible();
  await expect(page.getByRole('article').getByRole('status', { name: 'Revocation' })).toContainText('Revoked: Key compromise');
  expect(app.problems).toEqual([]);
});
