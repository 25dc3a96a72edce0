/** Steps several end-to-end specs start with, done as a person does them. */
import type { Page } from '@playwright/test';
import type { Channel, Input, Output } from '../../shared/ipc/contract.js';
import { expect, type CertwrightApp } from './harness.js';

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

/** Calls a channel from the page, through the bridge and the real router; throws on an error Result. */
export async function ipc<C extends Channel>(page: Page, channel: C, input: Input<C>): Promise<Output<C>> {
  const result = await page.evaluate(
    ([c, i]) => (window as unknown as { certwright: Record<string, (input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>> }).certwright[c]!(i),
    [channel, input] as const,
  );
  if (!result.ok) throw new Error(`${channel} failed: ${result.error?.code} ${result.error?.message}`);
  return result.value as Output<C>;
}
