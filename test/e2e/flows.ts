/** Steps several end-to-end specs start with, done as a person does them. */
import type { Page } from '@playwright/test';
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
