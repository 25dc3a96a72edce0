/**
 * Issue 18: a tour of every main view and every wizard's steps, driven as a person does, in any of the
 * window's languages. The tour is written once, in English, and `Speaker.say` turns each English label
 * into the current language's text through the real catalogs (the English text names its key), so the
 * same walk runs in English, in Simplified Chinese and in the pseudo-locale. At each stop the caller's
 * `visit` runs its checks (axe, screenshots, untranslated text).
 */
import type { Locator, Page } from '@playwright/test';
import { en } from '../../shared/i18n/catalogs/en/index.js';
import { createI18n, type UiLanguage } from '../../shared/i18n/i18n.js';
import { openBackend } from '../support/backend.js';
import { E2E_SCRYPT_N, expect, type CertwrightApp } from './harness.js';

type Tree = { readonly [key: string]: string | Tree };

/** English text → every key that has it. */
function keysByText(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (node: Tree, path: string) => {
    for (const [k, v] of Object.entries(node)) {
      const here = path.endsWith(':') ? `${path}${k}` : `${path}.${k}`;
      if (typeof v === 'string') out.set(v, [...(out.get(v) ?? []), here]);
      else walk(v, here);
    }
  };
  for (const [ns, tree] of Object.entries(en)) walk(tree as Tree, `${ns}:`);
  return out;
}

export class Speaker {
  static readonly #byText = keysByText();
  readonly #i18n;

  constructor(readonly language: UiLanguage) {
    this.#i18n = createI18n(language);
  }

  /**
   * The current language's words for an English catalog text (as the catalog writes it, placeholders
   * included, with `params` to fill them); throws when no catalog has that text.
   */
  say(english: string, params: Record<string, string | number> = {}): string {
    const keys = Speaker.#byText.get(english);
    if (!keys) throw new Error(`"${english}" is no catalog text: the tour names only texts the window takes from the catalogs`);
    return this.#i18n.t(keys[0] as never, params as never) as unknown as string;
  }

  /** An exact-name matcher for the current language's words. */
  exact(english: string): RegExp {
    return new RegExp(`^\\s*${this.say(english).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  }
}

export const TOUR_PASSPHRASE = 'tour e2e passphrase';
/** `endpoint`: a watched endpoint nothing listens on (port 1 of loopback): probed, it is an error finding on the dashboard. */
export const TOUR_NAMES = { root: 'Tour Root CA', issuing: 'Tour Issuing CA', service: 'orders', web: 'web.tour.internal', endpoint: '127.0.0.1:1' } as const;

/**
 * Before the app starts: a vault with a root, an intermediate under it, an mTLS pair, a server
 * certificate and one revoked certificate, and a token issuer; a watched endpoint probed once (a
 * refused connection answers at once): enough for every view to show content.
 */
export async function seedTourVault(app: CertwrightApp): Promise<void> {
  const backend = openBackend(app.vaultDir, { scryptN: E2E_SCRYPT_N });
  try {
    await backend.call('vault.create', { passphrase: TOUR_PASSPHRASE });
    const root = await backend.call('authority.createRoot', { subject: { commonName: TOUR_NAMES.root } });
    const { authority: issuing } = await backend.call('authority.createIntermediate', { parentId: root.id, subject: { commonName: TOUR_NAMES.issuing } });
    await backend.call('certificate.issuePair', { authorityId: issuing.id, serviceName: TOUR_NAMES.service, dnsNames: ['orders.tour.internal'] });
    await backend.call('certificate.issue', { authorityId: issuing.id, profile: 'server', subject: { commonName: TOUR_NAMES.web }, sans: [{ type: 'dns', value: TOUR_NAMES.web }] });
    const old = await backend.call('certificate.issue', { authorityId: issuing.id, profile: 'client', subject: { commonName: 'retired-batch' } });
    await backend.call('certificate.revoke', { ids: [old.certificate.id], reason: 'superseded' });
    await backend.call('watch.add', { host: '127.0.0.1', port: 1 });
    await backend.call('watch.run', { ids: [] });
  } finally {
    backend.vault.lock();
    await backend.services.close();
  }
}

export type Visit = (stop: string) => Promise<void>;

/** The main navigation's button for a view. */
const navTo = async (page: Page, s: Speaker, view: string) => {
  await page.getByRole('navigation', { name: s.say('Main') }).getByRole('button', { name: s.exact(view) }).click();
};

/** Presses Next through a wizard, visiting each step, until Next is gone or disabled (max `steps`). */
async function walkWizard(page: Page, s: Speaker, name: string, visit: Visit, steps: number, beforeNext?: (step: number) => Promise<void>): Promise<void> {
  for (let step = 1; step <= steps; step++) {
    await visit(`${name}-${step}`);
    await beforeNext?.(step);
    const next = page.getByRole('button', { name: s.exact('Next') });
    if ((await next.count()) === 0 || !(await next.isEnabled())) return;
    await next.click();
  }
}

/** Leaves a wizard without finishing it (nothing was changed, or the change is dropped). */
async function leaveWizard(page: Page, s: Speaker): Promise<void> {
  await page.getByRole('button', { name: s.exact('Cancel') }).first().click();
  const discard = page.getByRole('button', { name: s.exact('Discard changes') });
  if (await discard.isVisible().catch(() => false)) await discard.click();
}

const article = (page: Page): Locator => page.getByRole('article');

/**
 * The tour from the unlock screen on: every view, the CA page's tabs, a certificate's detail, and
 * every wizard's steps. `visit(stop)` runs at each stop.
 */
export async function tour(page: Page, s: Speaker, visit: Visit): Promise<void> {
  // ---- Before the vault opens ---------------------------------------------------------------------------
  await expect(page.getByRole('button', { name: s.exact('Unlock') })).toBeVisible();
  await visit('unlock');
  await page.getByLabel(s.say('Passphrase'), { exact: true }).fill(TOUR_PASSPHRASE);
  await page.getByRole('button', { name: s.exact('Unlock') }).click();
  await expect(page.getByRole('navigation', { name: s.say('Main') })).toBeVisible({ timeout: 30_000 });

  // ---- Views ----------------------------------------------------------------------------------------------
  await navTo(page, s, 'Dashboard');
  await visit('dashboard');
  // Issue 19: the Deployed panel with the endpoint's finding, in view; its link opens the endpoint.
  const deployedEndpoint = page.locator('section[aria-labelledby="dash-deployed-title"]').getByRole('button', { name: TOUR_NAMES.endpoint });
  await deployedEndpoint.scrollIntoViewIfNeeded();
  await visit('dashboard-deployed');
  await deployedEndpoint.click();
  await expect(page.getByRole('article').getByRole('heading', { name: TOUR_NAMES.endpoint })).toBeVisible();
  await visit('endpoint-detail');
  await navTo(page, s, 'Endpoints');
  await expect(page.getByRole('table', { name: s.say('Watched endpoints') })).toBeVisible();
  await visit('endpoints');
  await navTo(page, s, 'Certificates');
  await expect(page.getByRole('table', { name: s.say('Certificates') })).toBeVisible();
  await visit('certificates');
  await page.getByRole('row', { name: new RegExp(TOUR_NAMES.web) }).click();
  await expect(article(page).getByRole('heading', { name: TOUR_NAMES.web })).toBeVisible();
  await visit('certificate-detail');
  await page.getByRole('checkbox', { name: s.say('Show expired and revoked ({{count, number}})', { count: 1 }) }).check();
  await page.getByRole('row', { name: /retired-batch/ }).click();
  await expect(article(page).getByRole('heading', { name: 'retired-batch' })).toBeVisible();
  await visit('certificate-revoked');

  await navTo(page, s, 'Authorities');
  await page.getByRole('list', { name: s.say('Certificate authorities') }).getByRole('button', { name: new RegExp(TOUR_NAMES.issuing) }).click();
  await expect(article(page).getByRole('heading', { name: TOUR_NAMES.issuing })).toBeVisible();
  await visit('authority-overview');
  for (const tab of ['Certificates', 'Revocation', 'Settings']) {
    await article(page).getByRole('tab', { name: s.exact(tab) }).click();
    await visit(`authority-${tab.toLowerCase()}`);
  }
  await article(page).getByRole('tab', { name: s.exact('Overview') }).click();

  await navTo(page, s, 'Services');
  await visit('services');
  await navTo(page, s, 'Inspect');
  await visit('inspect');
  await navTo(page, s, 'Audit');
  await visit('audit');
  await navTo(page, s, 'Settings');
  await visit('settings');
  await page.getByRole('form', { name: s.exact('Watching') }).scrollIntoViewIfNeeded();
  await visit('settings-watching');

  // ---- Wizards ----------------------------------------------------------------------------------------------
  await navTo(page, s, 'Authorities');
  await page.getByRole('button', { name: s.exact('New root CA') }).first().click();
  await walkWizard(page, s, 'new-root', visit, 4, async (step) => {
    if (step === 1) await page.getByLabel(s.say('Common name')).fill('Tour Second Root');
  });
  await leaveWizard(page, s);

  await navTo(page, s, 'Authorities');
  await page.getByRole('list', { name: s.say('Certificate authorities') }).getByRole('button', { name: new RegExp(TOUR_NAMES.root) }).click();
  await article(page).getByRole('button', { name: s.exact('New intermediate') }).click();
  await walkWizard(page, s, 'new-intermediate', visit, 5, async (step) => {
    if (step === 2) await page.getByLabel(s.say('Common name')).fill('Tour Second Issuing');
  });
  await leaveWizard(page, s);

  await navTo(page, s, 'Authorities');
  await page.getByRole('button', { name: s.exact('Import an existing CA') }).first().click();
  await visit('import-ca');
  await leaveWizard(page, s);

  // Issue 20: the step-ca dialogs (a connected remote authority needs a running step-ca: step-ca.spec.ts).
  await navTo(page, s, 'Authorities');
  await page.getByRole('button', { name: s.exact('Connect to step-ca') }).click();
  await expect(page.getByRole('dialog', { name: s.say('Connect to step-ca') })).toBeVisible();
  await visit('connect-step-ca');
  await page.getByRole('dialog').getByRole('button', { name: s.exact('Cancel') }).click();
  await page.getByRole('list', { name: s.say('Certificate authorities') }).getByRole('button', { name: new RegExp(TOUR_NAMES.root) }).click();
  await article(page).getByRole('button', { name: s.exact('Export for step-ca…') }).click();
  await expect(page.getByRole('dialog', { name: s.say('Hand an intermediate to step-ca') })).toBeVisible();
  await visit('export-step-ca');
  await page.getByRole('dialog').getByRole('button', { name: s.exact('Cancel') }).click();

  await navTo(page, s, 'Authorities');
  await page.getByRole('list', { name: s.say('Certificate authorities') }).getByRole('button', { name: new RegExp(TOUR_NAMES.issuing) }).click();
  await article(page).getByRole('button', { name: s.exact('Issue certificate') }).click();
  await walkWizard(page, s, 'issue', visit, 5, async (step) => {
    if (step === 1) await page.getByRole('radio', { name: new RegExp(`^${s.say('Client')}`) }).check();
    if (step === 2) await page.getByLabel(s.say('Common name')).fill('tour-client');
  });
  await leaveWizard(page, s);

  await navTo(page, s, 'Authorities');
  await page.getByRole('list', { name: s.say('Certificate authorities') }).getByRole('button', { name: new RegExp(TOUR_NAMES.issuing) }).click();
  await article(page).getByRole('button', { name: s.exact('mTLS pair') }).click();
  await visit('mtls-pair');
  await leaveWizard(page, s);

  await navTo(page, s, 'Authorities');
  await page.getByRole('list', { name: s.say('Certificate authorities') }).getByRole('button', { name: new RegExp(TOUR_NAMES.issuing) }).click();
  await article(page).getByRole('button', { name: s.exact('Bulk issue') }).click();
  await visit('bulk-issue');
  await leaveWizard(page, s);

  await navTo(page, s, 'Certificates');
  await page.getByRole('button', { name: s.exact('Sign CSR') }).first().click();
  await visit('sign-csr');
  await leaveWizard(page, s);

  // A certificate's own wizards: export, renew, revoke.
  for (const [button, name, steps] of [
    ['Export…', 'export', 4],
    ['Renew…', 'renew', 3],
    ['Revoke…', 'revoke', 3],
  ] as const) {
    await navTo(page, s, 'Certificates');
    await page.getByRole('row', { name: new RegExp(TOUR_NAMES.web) }).click();
    await article(page).getByRole('button', { name: s.exact(button) }).click();
    await walkWizard(page, s, name, visit, steps);
    await leaveWizard(page, s);
  }
}
