/**
 * The command line and the app share one vault: what `certwright` makes, the window shows after
 * unlocking; what the window makes, `certwright` lists. The CLI is the built dist/cli/certwright.js.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, REPO_ROOT, screenshot, test, type CertwrightApp } from './harness.js';

const run = promisify(execFile);
const PASSPHRASE = 'shared between the CLI and the app';
const CLI = join(REPO_ROOT, 'dist/cli/certwright.js');

test('a vault made by the CLI opens in the app, and the CLI sees what the app made', async ({ certwright }) => {
  const secrets = await mkdtemp(join(tmpdir(), 'certwright-pass-'));
  const passFile = join(secrets, 'passphrase.txt');
  await writeFile(passFile, PASSPHRASE, { mode: 0o600 });
  try {
    await scenario(certwright, passFile);
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
});

async function scenario(certwright: CertwrightApp, passFile: string) {
  const cli = async (...args: string[]) => (await run(process.execPath, [CLI, '--vault', certwright.vaultDir, '--passphrase-file', passFile, ...args])).stdout;

  await cli('init');
  await cli('ca', 'create', '--cn', 'CLI Made Root');
  await cli('issue', 'pair', '--ca', 'CLI Made Root', '--service', 'inventory', '--dns', 'inventory.internal', '--from-root');

  const page = await certwright.launch();
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await page.getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  // Home is the dashboard: it already counts what the CLI issued.
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
  await page.getByRole('navigation').getByRole('button', { name: 'Authorities' }).or(page.getByRole('navigation').getByRole('link', { name: 'Authorities' })).first().click();
  const authorities = page.getByRole('list', { name: 'Certificate authorities' });
  await expect(authorities.getByRole('button', { name: /CLI Made Root/ })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'Certificates' }).or(page.getByRole('navigation').getByRole('button', { name: 'Certificates' })).first().click();
  await expect(page.getByRole('row', { name: /inventory/ })).toHaveCount(2);
  await screenshot(page, '340-cli-made-vault-in-app');

  // The app makes a root; the CLI lists it.
  await page.getByRole('navigation').getByRole('link', { name: 'Authorities' }).or(page.getByRole('navigation').getByRole('button', { name: 'Authorities' })).first().click();
  await page.getByRole('button', { name: 'New root CA' }).click();
  await page.getByLabel('Common name').fill('App Made Root');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Create root CA' }).click();
  await expect(authorities.getByRole('button', { name: /App Made Root/ })).toBeVisible();

  const listed = JSON.parse(await cli('ca', 'list', '--json')) as Array<{ subject: { commonName: string } }>;
  expect(listed.map((a) => a.subject.commonName).sort()).toEqual(['App Made Root', 'CLI Made Root']);
}
