/**
 * Issue 17, hierarchy practice, status and names, driven like a person in Chromium against the real
 * backend (see harness.ts):
 * - on a root, issuing a leaf asks first, saying why roots sign only CAs; choosing another CA sends
 *   nothing; confirming issues it;
 * - the dashboard flags the leaves the root signed directly and opens the list filtered to them;
 * - an mTLS pair from the root (confirmed too) reads "orders · server" / "orders · client" in its
 *   result and in the list;
 * - a revoked certificate's page says Revoked with its date, no days left, and Export is not primary;
 * - a new intermediate's default validity ends well before its root; a longer one is warned about;
 *   once it exists, a new leaf's issuer is the intermediate, and no confirmation is asked.
 */
import { confirmFromRoot, createVaultAndRoot } from './flows.js';
import { expect, screenshot, test } from './harness.js';

const PASSPHRASE = 'hierarchy e2e passphrase';

test('roots sign only CAs: the confirmation, the dashboard flag, names of a pair, a revoked page, the intermediate’s validity', async ({ certwright: app }) => {
  const page = await createVaultAndRoot(app, PASSPHRASE, 'Hierarchy Root');
  const detail = page.getByRole('article');

  // ---- Issue a leaf from the root: asked first, with the reason --------------------------------------
  await detail.getByRole('button', { name: 'Issue certificate' }).click();
  await expect(page.getByLabel('Issuing CA')).toHaveValue(/^[0-9a-f]{32}$/); // opened from the root: it is chosen
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Common name').fill('web.hierarchy.test');
  await page.getByLabel('Add a name').fill('web.hierarchy.test');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Issue certificate' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Sign this certificate with the root Hierarchy Root?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('A root CA should sign only intermediate CAs.');
  await expect(dialog).toContainText('should stay offline');
  await expect(dialog).toContainText('without touching the root');
  await expect(dialog.getByRole('button', { name: 'New intermediate under Hierarchy Root' })).toBeVisible();
  await screenshot(page, '1720-root-issue-confirmation');
  // Choosing another CA sends nothing: back on the review, no certificate.
  await dialog.getByRole('button', { name: 'Choose another CA' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Review', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Issue certificate' }).click();
  await confirmFromRoot(page);
  await expect(page.getByRole('status').filter({ hasText: 'Server certificate “web.hierarchy.test” was issued by Hierarchy Root' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'web.hierarchy.test · server', level: 2 })).toBeVisible();

  // ---- An mTLS pair from the root: confirmed, and its two certificates read apart ---------------------
  await page.getByRole('button', { name: 'mTLS pair' }).click();
  await page.getByLabel('Service name').fill('orders');
  await page.getByLabel('DNS names and IP addresses', { exact: true }).fill('orders.hierarchy.test');
  await page.getByRole('button', { name: 'Issue pair' }).click();
  await expect(page.getByRole('alertdialog', { name: 'Sign both certificates with the root Hierarchy Root?' })).toBeVisible();
  await confirmFromRoot(page);
  const issued = page.getByRole('region', { name: 'Issued pair' });
  await expect(issued.getByRole('heading', { name: 'orders · server' })).toBeVisible();
  await expect(issued.getByRole('heading', { name: 'orders · client' })).toBeVisible();
  await issued.getByRole('button', { name: 'Done' }).click();
  const table = page.getByRole('table', { name: 'Certificates' });
  await expect(table.getByRole('button', { name: 'orders · client', exact: true })).toBeVisible();
  await expect(table.getByRole('button', { name: 'orders · server', exact: true })).toBeVisible();
  await screenshot(page, '1721-pair-names-in-list');

  // ---- The dashboard flags the root's leaves and opens the list filtered to them -----------------------
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard' }).click();
  const flag = page.getByRole('region', { name: 'Leaves signed by a root' });
  await expect(flag).toContainText('Hierarchy Root');
  await expect(flag).toContainText('signed 3 leaf certificates in service directly');
  await expect(flag).toContainText('Create an intermediate under the root, issue from it');
  await screenshot(page, '1722-dashboard-root-leaves');
  await flag.getByRole('button', { name: 'Show them' }).click();
  await expect(page.getByText('Issued directly by Hierarchy Root')).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(4); // the head and three rows

  // ---- Revoke the client: its page says Revoked with the date, no days left; Export is not primary ----
  await table.getByRole('button', { name: 'orders · client', exact: true }).click();
  await expect(detail.getByRole('heading', { name: 'orders · client', level: 2 })).toBeVisible();
  await expect(detail.getByRole('button', { name: 'Export…' })).toHaveClass(/btn-primary/);
  await detail.getByRole('button', { name: 'Revoke…' }).click();
  await expect(page.getByRole('heading', { name: 'Revoke orders · client' })).toBeVisible();
  await page.getByRole('radio', { name: /Key compromise/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(/Clients that check the CRL will refuse “orders · client” from the next CRL of Hierarchy Root/)).toBeVisible();
  await page.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(page.getByText('Revoked “orders · client” (Key compromise).')).toBeVisible();
  const today = new Date().toISOString().slice(0, 10);
  const expires = detail.locator('.fact', { hasText: 'Expires' });
  await expect(expires).toContainText(`(revoked ${today})`);
  await expect(expires).not.toContainText(/days? left/);
  await expect(detail.getByRole('button', { name: 'Export…' })).not.toHaveClass(/btn-primary/);
  await expect(detail.locator('.detail-sub .tag-revoked')).toHaveText('Revoked');
  await expect(table.getByRole('row', { name: /orders · client/ })).toContainText(`revoked ${today}`);
  await screenshot(page, '1723-revoked-certificate');

  // ---- A new intermediate ends well before its root; a longer one is warned about -----------------------
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Authorities' }).click();
  await page.getByRole('list', { name: 'Certificate authorities' }).getByRole('button', { name: /Hierarchy Root/ }).click();
  await detail.getByRole('button', { name: 'New intermediate' }).click();
  await page.getByRole('button', { name: 'Next' }).click(); // the root is the signer
  await page.getByLabel('Common name').fill('Hierarchy Issuing');
  await page.getByRole('button', { name: 'Next' }).click();
  const validity = page.getByLabel('Validity (days)');
  await expect(validity).toHaveValue('1825'); // five years under a ten-year root
  await expect(page.getByText(/both expire together/)).toHaveCount(0);
  await validity.fill('3400');
  const together = page.getByText(/It ends only \d+ days before Hierarchy Root: both expire together, so plan Hierarchy Root's renewal first/);
  await expect(together).toBeVisible();
  await screenshot(page, '1724-intermediate-ends-with-root');
  await validity.fill('1825');
  await expect(together).toHaveCount(0);
  for (let i = 0; i < 3 && !(await page.getByRole('heading', { name: 'Review', exact: true }).isVisible()); i++) await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Create intermediate CA' }).click();
  await expect(page.getByText(/Intermediate CA “Hierarchy Issuing” was created/)).toBeVisible();

  // ---- With an intermediate, a new leaf's issuer is it, and nothing is asked ---------------------------
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Certificates' }).click();
  await page.getByRole('button', { name: 'Issue certificate' }).click();
  await expect(page.getByLabel('Issuing CA').locator('option:checked')).toHaveText(/Hierarchy Issuing/);
  await page.getByRole('radio', { name: /^Client/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Common name').fill('billing');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Issue certificate' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Client certificate “billing” was issued by Hierarchy Issuing' })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
