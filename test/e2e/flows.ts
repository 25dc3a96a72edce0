/** Steps several end-to-end specs start with, done as a person does them. */
import type { Page } from '@playwright/test';
import type { Channel, Input, Output } from '../../shared/ipc/contract.js';
import type { CertificateSummary } from '../../shared/domain/certificate.js';
import { openBackend } from '../support/backend.js';
import { seedCertificates } from '../support/inventory.js';
import { E2E_SCRYPT_N, expect, type CertwrightApp } from './harness.js';

/** First run: a new vault with `passphrase`, then a root CA with the wizard's defaults. */
export async function createVaultAndRoot(app: CertwrightApp, passphrase: string, rootName: string): Promise<Page> {
  const page = await app.launch();
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Confirm passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await page.getByRole('button', { name: 'New root CA' }).click();
  await page.getByLabel('Common name').fill(rootName);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Create root CA' }).click();
  await expect(page.getByRole('list', { name: 'Certificate authorities' }).getByRole('button', { name: new RegExp(rootName) })).toBeVisible();
  return page;
}

/** The channels that sign leaves: from a root only with the input's acknowledgement (test/unit/root-issuer.test.ts). */
const LEAF_CHANNELS: readonly string[] = ['certificate.issue', 'certificate.issuePair', 'certificate.issueBulk', 'csr.sign'];

/**
 * Calls a channel from the page, through the bridge and the real router; throws on an error Result.
 * Leaf issuance carries the root acknowledgement (as the window's confirmation adds it), so a spec may
 * issue from a root for brevity.
 */
export async function ipc<C extends Channel>(page: Page, channel: C, input: Input<C>): Promise<Output<C>> {
  const sent = LEAF_CHANNELS.includes(channel) && !('fromRoot' in (input as object)) ? { ...input, fromRoot: 'acknowledged' } : input;
  const result = await page.evaluate(
    ([c, i]) => (window as unknown as { certwright: Record<string, (input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>> }).certwright[c]!(i),
    [channel, sent] as const,
  );
  if (!result.ok) throw new Error(`${channel} failed: ${result.error?.code} ${result.error?.message}`);
  return result.value as Output<C>;
}

/**
 * Before the app starts: a vault in the app's folder with a root CA and `count` real certificates
 * (test/support/inventory.ts seedCertificates: signed for one shared key, so the after-test key scan
 * has the CA's key to look for, not one per certificate), locked again. Returns the list as main
 * lists it, for the expected rows.
 */
export async function seedLargeVault(app: CertwrightApp, passphrase: string, count: number, rootName = 'Scale Root CA'): Promise<CertificateSummary[]> {
  const backend = openBackend(app.vaultDir, { scryptN: E2E_SCRYPT_N });
  try {
    await backend.call('vault.create', { passphrase });
    const root = await backend.call('authority.createRoot', { subject: { commonName: rootName } });
    await seedCertificates(backend.services, root.id, count);
    return await backend.services.inventory.list();
  } finally {
    backend.vault.lock();
    await backend.services.close();
  }
}

/**
 * A leaf wizard sent a root as the issuer: its confirmation (roots should sign only CAs) is up; the
 * person signs with the root anyway, as a spec that issues from a root for brevity does.
 */
export async function confirmFromRoot(page: Page): Promise<void> {
  // A dialog or an alertdialog (a question about signing with the root): either role.
  const dialog = page.getByRole('dialog', { name: /with the root/ }).or(page.getByRole('alertdialog', { name: /with the root/ }));
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Sign with the root anyway' }).click();
  await expect(dialog).toHaveCount(0);
}

/** The unlock screen, as a person uses it; waits for the main navigation. */
export async function unlock(page: Page, passphrase: string): Promise<void> {
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible({ timeout: 30_000 });
}
