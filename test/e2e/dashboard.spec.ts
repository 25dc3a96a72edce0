/**
 * The dashboard, driven like a person in Chromium against the real backend (see harness.ts): an empty
 * vault points to "New root CA" → a root (330 days) and an intermediate (300 days) made in the
 * wizards → certificates of chosen validity (3, 20, 45, 60, 100, 200 days) issued and one revoked
 * through the real channels → the counts, the 7/30/90 tiles, the timeline (bars and its hidden table),
 * the blast radius of each authority and the CRL due → a tile opens the Certificates view with its
 * filter → the thresholds changed in Settings (an error from main first) → a renewal's links in the
 * certificate pane.
 *
 * The harness runs main with the real clock, so the figures come from validities, not an injected
 * time: none of them sits on a window's edge.
 */
import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { expect, REPO_ROOT, screenshot, test } from './harness.js';
import { DEFAULT_WATCH_SETTINGS } from '../../shared/domain/watch.js';
import { ipc } from './flows.js';

const PASSPHRASE = 'dashboard e2e passphrase';

async function issue(page: Page, authorityId: string, name: string, days: number, profile: 'server' | 'client' = 'server'): Promise<string> {
  const issued = await ipc(page, 'certificate.issue', {
    authorityId,
    profile,
    subject: { commonName: name },
    sans: profile === 'client' ? [] : [{ type: 'dns', value: name }],
    validity: { days },
  });
  return issued.certificate.id;
}

/** The numbers in one column of the timeline's hidden table, week 0 first. */
async function column(page: Page, header: string): Promise<number[]> {
  const table = page.getByRole('table', { name: 'Expiry timeline data' });
  const headers = (await table.locator('thead th').allTextContents()).map((h) => h.trim());
  const index = headers.indexOf(header);
  expect(index, `column ${header} in ${headers.join(' | ')}`).toBeGreaterThan(0);
  return (await table.locator(`tbody tr > :nth-child(${index + 1})`).allTextContents()).map(Number);
}

test('dashboard: counts, expiry windows, timeline, blast radius, CRLs due; tiles open the list; thresholds in Settings', async ({ certwright: app }) => {
  const page = await app.launch();
  await page.setViewportSize({ width: 1280, height: 1040 });
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Confirm passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create vault' }).click();

  // ---- Home is the dashboard; an empty vault points to a new root -----------------------------------------
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
  await expect(nav.getByRole('button').first()).toHaveText('Dashboard');
  await expect(nav.getByRole('button', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { name: 'No certificate authorities yet' })).toBeVisible();

  // ---- A root that ends within a year, and an intermediate below it -----------------------------------
  await page.getByRole('button', { name: 'New root CA' }).click();
  await page.getByLabel('Common name').fill('Dash Root CA');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Validity (days)').fill('330');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Create root CA' }).click();
  await expect(page.getByRole('list', { name: 'Certificate authorities' }).getByRole('button', { name: /Dash Root CA/ })).toBeVisible();

  await page.getByRole('article').getByRole('button', { name: 'New intermediate' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Common name').fill('Dash Issuing CA');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Validity (days)').fill('300');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Create intermediate CA' }).click();
  await expect(page.getByRole('article').getByRole('heading', { name: 'Dash Issuing CA' })).toBeVisible();

  // ---- Certificates of chosen validity, through the real channels; one revoked --------------------------
  const authorities = await ipc(page, 'authority.list', {});
  const root = authorities.find((a) => a.subject.commonName === 'Dash Root CA')!;
  const issuing = authorities.find((a) => a.subject.commonName === 'Dash Issuing CA')!;
  const ids = {
    alpha: await issue(page, issuing.id, 'alpha.dash.internal', 3),
    bravo: await issue(page, issuing.id, 'bravo.dash.internal', 20),
    foxtrot: await issue(page, issuing.id, 'foxtrot.dash.internal', 45),
    charlie: await issue(page, issuing.id, 'charlie.dash.internal', 60),
    delta: await issue(page, issuing.id, 'delta.dash.internal', 200),
    echo: await issue(page, issuing.id, 'echo.dash.internal', 200),
    golf: await issue(page, root.id, 'batch-reports', 100, 'client'),
  };
  // A CRL valid for one day: after the revocation it is due within a day.
  await ipc(page, 'authority.updateSettings', { id: issuing.id, settings: { crlNextUpdateDays: 1 } });
  await ipc(page, 'certificate.revoke', { ids: [ids.echo], reason: 'keyCompromise' });

  // ---- The dashboard's figures --------------------------------------------------------------------------
  await nav.getByRole('button', { name: 'Dashboard' }).click();
  const status = page.getByRole('region', { name: 'Certificates by status' });
  await expect(status.getByRole('button', { name: /^Total\s*7$/ })).toBeVisible();
  await expect(status.getByRole('button', { name: /^Valid\s*6$/ })).toBeVisible();
  await expect(status.getByRole('button', { name: /^Expired\s*0$/ })).toBeVisible();
  await expect(status.getByRole('button', { name: /^Not yet valid\s*0$/ })).toBeVisible();
  await expect(status.getByRole('button', { name: /^Revoked\s*1$/ })).toBeVisible();

  const tiles = page.getByRole('list', { name: 'Expiring certificates' });
  const tile = (days: number) => tiles.getByRole('button', { name: new RegExp(`^Expiring within ${days} days`) });
  await expect(tile(7).locator('.dash-tile-count')).toHaveText('1');
  await expect(tile(30).locator('.dash-tile-count')).toHaveText('2');
  await expect(tile(90).locator('.dash-tile-count')).toHaveText('4');
  // Default thresholds: 7 days urgent (danger tone), 30 a warning, 90 neither.
  await expect(tile(7)).toHaveClass(/dash-tone-urgent/);
  await expect(tile(30)).toHaveClass(/dash-tone-warning/);
  await expect(tile(90)).toHaveClass(/dash-tone-neutral/);
  await expect(page.getByText('Warning at 30 days, urgent at 7 days.')).toBeVisible();

  // The timeline: bars drawn as SVG rects, a summary for assistive technology, the same data as a table.
  const chart = page.getByRole('img', { name: /^Expiry timeline, next 26 weeks: 5 certificates expire/ });
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute('aria-label', /By authority: .*Dash Issuing CA 4/);
  await expect(chart).toHaveAttribute('aria-label', /Dash Root CA 1/);
  const bars = chart.locator('svg rect.dash-bar');
  await expect(bars).toHaveCount(5);
  for (const bar of await bars.all()) expect(Number(await bar.getAttribute('height'))).toBeGreaterThan(0);
  const legend = page.getByRole('list', { name: 'Issuing authorities' });
  await expect(legend).toContainText('Dash Issuing CA');
  await expect(legend).toContainText('Dash Root CA');
  const weekly = (hits: Record<number, number>) => Array.from({ length: 26 }, (_, i) => hits[i] ?? 0);
  // 3 days: week 0; 20: week 2; 45: week 6; 60: week 8; 100 (the root's client): week 14; 200: beyond.
  expect(await column(page, 'Dash Issuing CA')).toEqual(weekly({ 0: 1, 2: 1, 6: 1, 8: 1 }));
  expect(await column(page, 'Dash Root CA')).toEqual(weekly({ 14: 1 }));
  expect(await column(page, 'Total')).toEqual(weekly({ 0: 1, 2: 1, 6: 1, 8: 1, 14: 1 }));
  const firstWeek = page.getByRole('table', { name: 'Expiry timeline data' }).locator('tbody tr').first().locator('th');
  await expect(firstWeek).toHaveText(await page.evaluate(() => new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' }).format(new Date())));

  // Authorities nearing expiry: soonest first, with what goes with them.
  const nearing = page.getByRole('list', { name: 'Authorities nearing expiry' }).getByRole('listitem');
  await expect(nearing).toHaveCount(2);
  await expect(nearing.nth(0)).toContainText('Dash Issuing CA');
  await expect(nearing.nth(0)).toContainText('Takes 5 certificates with it.');
  await expect(nearing.nth(0)).toContainText(/29\d days left/);
  await expect(nearing.nth(1)).toContainText('Dash Root CA');
  await expect(nearing.nth(1)).toContainText('Takes 6 certificates and 1 CA with it.');

  // The issuing CA's CRL (one day) is due; the root has nothing to publish.
  const crls = page.getByRole('list', { name: 'CRLs due' }).getByRole('listitem');
  await expect(crls).toHaveCount(1);
  await expect(crls.first()).toContainText('Dash Issuing CA');
  await expect(crls.first()).toContainText(/Due in (2[0-3]|1\d) hours/);

  await expect(page.getByRole('table', { name: 'Recently issued certificates' }).getByRole('row')).toHaveCount(8);
  const revoked = page.getByRole('list', { name: 'Recently revoked certificates' });
  await expect(revoked.getByRole('listitem')).toHaveCount(1);
  await expect(revoked).toContainText('echo.dash.internal');
  await expect(revoked).toContainText('Key compromise');
  await screenshot(page, '380-dashboard');
  // The README's picture of the dashboard, refreshed on request.
  if (process.env.UPDATE_SCREENSHOT === '1') await page.screenshot({ path: join(REPO_ROOT, 'assets/dashboard.png'), clip: { x: 0, y: 0, width: 1280, height: 800 }, animations: 'disabled', caret: 'hide' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, '381-dashboard-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // A CRL link opens its authority.
  await crls.first().getByRole('button', { name: 'Dash Issuing CA' }).click();
  await expect(nav.getByRole('button', { name: 'Authorities' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('article').getByRole('heading', { name: 'Dash Issuing CA' })).toBeVisible();

  // ---- Deployed (issue 19): nothing watched yet, so the panel invites to add one, in the Endpoints view ----
  await nav.getByRole('button', { name: 'Dashboard' }).click();
  const deployed = page.getByRole('region', { name: 'Deployed' });
  await expect(deployed).toContainText('Watch what your endpoints serve: add one');
  await deployed.getByRole('button', { name: 'Add an endpoint' }).click();
  await expect(nav.getByRole('button', { name: 'Endpoints' })).toHaveAttribute('aria-current', 'page');

  // ---- A tile opens the Certificates view with its filter ----------------------------------------------
  await nav.getByRole('button', { name: 'Dashboard' }).click();
  await tile(30).click();
  await expect(page.getByRole('heading', { name: 'Certificates', exact: true })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Certificates' })).toHaveAttribute('aria-current', 'page');
  // The filter arrives as a removable chip, and only the two certificates within 30 days are listed.
  await expect(page.getByRole('button', { name: 'Remove the filter: Expiring within 30 days' })).toBeVisible();
  await expect(page.getByRole('main').getByText(/2 of \d+ certificates/)).toBeVisible();
  await nav.getByRole('button', { name: 'Dashboard' }).click();
  await status.getByRole('button', { name: /^Revoked/ }).click();
  await expect(page.getByRole('button', { name: 'Remove the filter: Status: Revoked' })).toBeVisible();

  // ---- Settings: expiry thresholds, an error from main at the field, then saved ------------------------
  await nav.getByRole('button', { name: 'Settings' }).click();
  const expiry = page.getByRole('form', { name: 'Expiry warnings' });
  await expect(expiry.getByLabel('Warning threshold (days)')).toHaveValue('30');
  await expect(expiry.getByLabel('Urgent threshold (days)')).toHaveValue('7');
  await expect(expiry.getByLabel('Show OS notifications')).toBeChecked();
  await expect(expiry.getByRole('button', { name: 'Save expiry settings' })).toBeDisabled();
  await expiry.getByLabel('Urgent threshold (days)').fill('40');
  await expiry.getByRole('button', { name: 'Save expiry settings' }).click();
  await expect(expiry.getByText('The urgent threshold must not be longer than the warning threshold')).toBeVisible();
  await expect(expiry.getByLabel('Urgent threshold (days)')).toHaveAttribute('aria-invalid', 'true');
  await expiry.getByLabel('Warning threshold (days)').fill('60');
  await expiry.getByLabel('Urgent threshold (days)').fill('30');
  await expiry.getByLabel('Show OS notifications').uncheck();
  await expiry.getByRole('button', { name: 'Save expiry settings' }).click();
  await expect(expiry.getByRole('status')).toHaveText('Saved');
  await expiry.scrollIntoViewIfNeeded();
  await screenshot(page, '382-settings-expiry');
  expect(await ipc(page, 'settings.get', {})).toEqual({ expiry: { warningDays: 60, urgentDays: 30, notifications: false }, security: { autoLockMinutes: 15, backupReminderDays: 7 }, watch: DEFAULT_WATCH_SETTINGS });
  // Saved for good: the form loads it back, and the dashboard's tones follow.
  await nav.getByRole('button', { name: 'Dashboard' }).click();
  await nav.getByRole('button', { name: 'Settings' }).click();
  await expect(expiry.getByLabel('Warning threshold (days)')).toHaveValue('60');
  await expect(expiry.getByLabel('Show OS notifications')).not.toBeChecked();
  await nav.getByRole('button', { name: 'Dashboard' }).click();
  await expect(page.getByText('Warning at 60 days, urgent at 30 days.')).toBeVisible();
  await expect(tile(30)).toHaveClass(/dash-tone-urgent/);
  await expect(tile(90)).toHaveClass(/dash-tone-neutral/);

  // ---- A renewal: Renew…/Rekey… in the pane, and the links between old and new -------------------------
  await page.getByRole('table', { name: 'Recently issued certificates' }).getByRole('button', { name: 'batch-reports' }).click();
  const pane = page.getByRole('article');
  await expect(pane.getByRole('heading', { name: 'batch-reports' })).toBeVisible();
  await expect(pane.getByRole('button', { name: 'Renew…' })).toBeVisible();
  await expect(pane.getByRole('button', { name: 'Rekey…' })).toBeVisible();

  const renewal = await ipc(page, 'certificate.renew', { ids: [ids.bravo], revokeOldAfterDays: 14 });
  expect(renewal.renewed).toHaveLength(1);
  expect(renewal.revokeOldAt).not.toBeNull();
  await nav.getByRole('button', { name: 'Dashboard' }).click();
  // The replaced one is out of service: still 2 within 30 days (the new one, on the issuing CA's default 30).
  await expect(tile(30).locator('.dash-tile-count')).toHaveText('2');
  await page.getByRole('table', { name: 'Recently issued certificates' }).getByRole('row').nth(1).getByRole('button', { name: 'bravo.dash.internal' }).click();
  await expect(pane.getByRole('heading', { name: 'bravo.dash.internal' })).toBeVisible();
  const replaces = pane.locator('.fact', { hasText: 'Replaces' }).getByRole('button');
  await expect(replaces).toContainText(/bravo\.dash\.internal( · server)?, serial …[0-9A-F]{8}, expires \d{4}-\d\d-\d\d/);
  await replaces.click();
  await expect(pane.getByRole('status', { name: 'Scheduled revocation' })).toContainText('Will be revoked as superseded on');
  await expect(pane.locator('.fact', { hasText: 'Replaced by' }).getByRole('button')).toContainText('bravo.dash.internal');
  // Already renewed: neither again.
  await expect(pane.getByRole('button', { name: 'Renew…' })).toHaveCount(0);
  await expect(pane.getByRole('button', { name: 'Rekey…' })).toHaveCount(0);

  expect(app.problems).toEqual([]);
});
