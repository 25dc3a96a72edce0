/**
 * Service identity, driven like a person in Chromium against the real backend (see harness.ts): a
 * vault with a root CA (wizard) and a client certificate CN=order-service with a SPIFFE URI →
 * Services: a token issuer from the form → the policy: a typo in a service name is reported at its
 * line and column (as you type, and by main on Save), then a good policy saved and asked "may
 * order-service call payment-service:charge?" → the services table → a test token for
 * order-service → payment-service (a long lifetime warned before and after) → verified against
 * the wrong audience and tampered with: every check in words, and golang-jwt's error → a pasted
 * megabyte refused without freezing the window → key rotation with its overlap → the token
 * endpoint on the root CA: the curl line it shows, run by the real curl in order-service's exported
 * bundle, gets a token; Node's https reads the JWKS and is refused in words → the Go snippets
 * point at the running endpoint → stopped.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createVaultAndRoot, ipc } from './flows.js';
import { expect, screenshot, test } from './harness.js';

const PASSPHRASE = 'service identity e2e passphrase';

/**
 * GET over TLS from this process. Asynchronous on purpose: the token endpoint runs in this process
 * too (harness.ts), so a blocking call would wait for an answer that can never come.
 */
function httpsGet(url: string, tls: { readonly ca: string; readonly cert?: string; readonly key?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { ...tls, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

interface TokenAnswer {
  readonly access_token?: string;
  readonly token_type?: string;
  readonly expires_in?: number;
  readonly scope?: string;
  readonly error?: string;
  readonly error_description?: string;
}

const decodePart = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

const BAD_POLICY = `{
  "version": 1,
  "services": {
    "order-service": { "calls": ["payment-servce:charge"] },
    "payment-service": { "calls": [] }
  }
}
`;

const GOOD_POLICY = `{
  "version": 1,
  "services": {
    "order-service": { "calls": ["payment-service:charge", "inventory-service:reserve"] },
    "payment-service": { "calls": [], "tokenMinutes": 5 },
    "inventory-service": { "calls": [] }
  }
}
`;

test('service identity: issuer, policy with line-precise errors, test token, diagnosis of bad tokens', async ({ certwright: app }) => {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-services-e2e-'));
  try {
    const page = await createVaultAndRoot(app, PASSPHRASE, 'Services Root CA');
    const [root] = await ipc(page, 'authority.list', {});
    const { certificate: orderCertificate } = await ipc(page, 'certificate.issue', {
      authorityId: root!.id,
      profile: 'client',
      subject: { commonName: 'order-service' },
      sans: [{ type: 'uri', value: 'spiffe://acme.internal/order-service' }],
      validity: { days: 30 },
    });

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Services' }).click();
    await expect(nav.getByRole('button', { name: 'Services' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { name: 'Services', level: 1 })).toBeVisible();
    const tabs = page.getByRole('tablist', { name: 'Service identity' });

    // ---- A token issuer -----------------------------------------------------------------------------------
    await expect(page.getByRole('heading', { name: 'No token issuers yet' })).toBeVisible();
    await page.getByRole('button', { name: 'New token issuer' }).click();
    await expect(page.getByText('Recommended: small, fast, verified by every JWT library.')).toBeVisible();
    await page.getByRole('button', { name: 'Create token issuer' }).click();
    await expect(page.getByText('Give the issuer a name: it becomes the tokens’ iss')).toBeVisible();
    await page.getByLabel('Name', { exact: true }).fill('acme-auth');
    await page.getByRole('button', { name: 'Create token issuer' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Token issuer “acme-auth” was created' })).toBeVisible();
    const issuer = page.getByRole('article', { name: 'acme-auth' });
    await expect(issuer).toContainText('ES256 (ECDSA P-256)');
    await expect(issuer.getByLabel('Token endpoint state')).toHaveText('Off.');
    await expect(issuer.getByLabel('Accept client certificates of')).toHaveValue(root!.id);
    await expect(issuer.getByRole('button', { name: 'Copy JWKS' })).toBeEnabled();
    await issuer.getByRole('region', { name: 'Token endpoint' }).evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await screenshot(page, '440-services-issuer');

    // ---- The policy: a typo, reported where it is; then a good one ------------------------------------------------
    await tabs.getByRole('tab', { name: 'Policy' }).click();
    await expect(page.getByText('The policy is empty: no service may call another yet')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Insert example' })).toBeVisible();
    await screenshot(page, '441-services-policy-empty');
    const policyText = page.getByRole('textbox', { name: 'Policy text' });
    await policyText.fill(BAD_POLICY);
    const problems = page.getByRole('list', { name: 'Problems in the policy' });
    await expect(problems).toContainText('Line 4, column 34: Unknown service "payment-servce" in "payment-servce:charge" (called by "order-service")');
    await expect(policyText).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Unsaved changes')).toBeVisible();
    // Saving anyway: main refuses with the same line and column, and nothing is stored.
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The policy was not saved' })).toContainText('Line 4, column 34: Unknown service "payment-servce"');
    // The problem's link puts the caret on it.
    await problems.getByRole('button', { name: 'Line 4, column 34' }).click();
    await expect(policyText).toBeFocused();
    await expect(page.getByText('Cursor at line 4, column 34', { exact: true })).toBeVisible();
    await page.getByRole('region', { name: /^service-policy\.json/ }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, '442-services-policy-error');

    await policyText.fill(GOOD_POLICY);
    await expect(page.getByRole('status').filter({ hasText: 'Valid: 3 services' })).toBeVisible();
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved: 3 services.' })).toBeVisible();
    await expect(page.getByText('Unsaved changes')).toHaveCount(0);
    const without = page.getByRole('list', { name: 'Callers without a client certificate' });
    await expect(without).toContainText('payment-service');
    await expect(without).toContainText('inventory-service');
    await expect(without).not.toContainText('order-service');

    await page.getByLabel('Caller', { exact: true }).selectOption('order-service');
    await page.getByLabel('Service called').selectOption('payment-service');
    await page.getByLabel('Action', { exact: true }).fill('charge');
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Answer' })).toContainText('Yes: The policy lets "order-service" call payment-service:charge.');
    await page.getByLabel('Action', { exact: true }).fill('refund');
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Answer' })).toContainText('No: "order-service" may call payment-service:charge on payment-service, not refund.');
    await page.getByRole('region', { name: 'Callers without a client certificate' }).evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await screenshot(page, '443-services-policy-saved');

    // ---- The services table ---------------------------------------------------------------------------------------
    await tabs.getByRole('tab', { name: 'Services' }).click();
    const table = page.getByRole('table', { name: 'Services' });
    await expect(table.locator('tbody tr')).toHaveCount(3);
    const order = table.getByRole('row', { name: 'order-service' });
    await expect(order).toContainText('Valid');
    await expect(order).toContainText('spiffe://acme.internal/order-service');
    await expect(order).toContainText('payment-service:charge');
    await expect(order).toContainText('10 min');
    const payment = table.getByRole('row', { name: 'payment-service' });
    await expect(payment).toContainText('No client certificate');
    await expect(payment).toContainText('order-service → charge');
    await expect(payment).toContainText('5 min');

    // ---- A test token: order-service → payment-service ------------------------------------------------------------
    await order.getByRole('button', { name: 'Mint a test token for order-service' }).click();
    const mint = page.getByRole('region', { name: 'Mint a test token for order-service' });
    await expect(mint.getByLabel('Audience (aud)')).toHaveValue('payment-service');
    await expect(mint.getByLabel('Lifetime in minutes')).toHaveValue('10');
    await mint.getByLabel('Lifetime in minutes').fill('2000');
    await expect(mint.getByText('A token lives at most 24 hours (1440 minutes)')).toBeVisible();
    await expect(mint.getByRole('button', { name: 'Mint token' })).toBeDisabled();
    await mint.getByLabel('Lifetime in minutes').fill('20');
    await expect(mint.getByText('Longer than 15 minutes: service tokens should live 5–15 minutes')).toBeVisible();
    await screenshot(page, '444-services-table');
    await mint.getByRole('button', { name: 'Mint token' }).click();
    const minted = mint.getByRole('region', { name: 'Minted token' });
    await expect(minted.getByRole('status').filter({ hasText: 'It lives 20 minutes' })).toBeVisible();
    const claims = minted.getByRole('region', { name: 'Claims' });
    await expect(claims.getByRole('definition').filter({ hasText: /^order-service$/ })).toBeVisible();
    await expect(claims.getByRole('definition').filter({ hasText: /^payment-service$/ })).toBeVisible();
    await expect(claims.getByRole('definition').filter({ hasText: /^payment-service:charge$/ })).toBeVisible();
    await expect(minted.getByRole('region', { name: 'Header' })).toContainText('ES256');
    const token = (await minted.getByLabel('Token for order-service to call payment-service').textContent())!.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await screenshot(page, '445-services-minted');

    // ---- Verify: the wrong audience ---------------------------------------------------------------------------------
    await minted.getByRole('button', { name: 'Verify this token' }).click();
    await expect(tabs.getByRole('tab', { name: 'Verify a token' })).toHaveAttribute('aria-selected', 'true');
    const form = page.getByRole('form', { name: 'Verify a token' });
    await expect(form.getByLabel('Token', { exact: true })).toHaveValue(token);
    await expect(form.getByLabel('Received by (aud)')).toHaveValue('payment-service');
    await form.getByLabel('Received by (aud)').selectOption('inventory-service');
    await form.getByRole('button', { name: 'Verify token' }).click();
    const result = page.getByRole('region', { name: 'Verification result' });
    await expect(result.getByText('Not valid: 1 check failed (Audience (aud))', { exact: true })).toBeVisible();
    await expect(result.getByRole('list', { name: 'Failed checks' })).toHaveText('Audience (aud): aud is "payment-service", but this is inventory-service');
    await expect(result.getByText('golang-jwt says:')).toBeVisible();
    await expect(result.locator('.svc-golang code')).toHaveText('token has invalid audience');
    const checks = result.getByRole('list', { name: 'Checks', exact: true });
    await expect(checks.getByRole('listitem').filter({ hasText: 'Audience (aud)' })).toContainText('Failed');
    await expect(checks.getByRole('listitem').filter({ hasText: 'Audience (aud)' })).toContainText('but this is inventory-service');
    await expect(checks.getByRole('listitem').filter({ hasText: 'Audience (aud)' })).toContainText('What to do:');
    await expect(checks.getByRole('listitem').filter({ hasText: 'Signature' })).toContainText('Passed');
    await expect(checks.getByRole('listitem').filter({ hasText: 'Client certificate' })).toContainText('sub matches the client certificate\'s CommonName "order-service"');
    await screenshot(page, '446-services-verify-audience');

    // ---- Verify: a tampered token (the signature's last characters changed) -----------------------------------------------
    const [h, c, s] = token.split('.') as [string, string, string];
    const tampered = `${h}.${c}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await form.getByLabel('Token', { exact: true }).fill(tampered);
    await form.getByLabel('Received by (aud)').selectOption('payment-service');
    await form.getByRole('button', { name: 'Verify token' }).click();
    await expect(result.getByText('Not valid: 1 check failed (Signature)', { exact: true })).toBeVisible();
    await expect(result.locator('.svc-golang code')).toHaveText('crypto/ecdsa: verification error');
    await expect(checks.getByRole('listitem').filter({ hasText: 'Signature' })).toContainText('The signature does not verify');
    await expect(result.getByRole('region', { name: 'Decoded token' })).toContainText('As pasted: not to be trusted');
    await screenshot(page, '447-services-verify-tampered');
    const signatureCheck = checks.getByRole('listitem').filter({ hasText: 'Signature' });
    await expect(signatureCheck).toContainText('What to do: Do not edit tokens; mint a new one.');
    await signatureCheck.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, '448-services-verify-check-advice');

    // ---- A pasted megabyte: refused in the window, the page stays responsive; 20 KiB: main's own words ------------------------
    await form.getByLabel('Token', { exact: true }).fill('x'.repeat(3 * 1024 * 1024));
    await expect(form.getByText(/That is 3\.0 MiB: far too large to be a token/)).toBeVisible();
    await expect(form.getByRole('button', { name: 'Verify token' })).toBeDisabled();
    await form.getByLabel('Token', { exact: true }).fill(`${token}.${'A'.repeat(20 * 1024)}`);
    await form.getByRole('button', { name: 'Verify token' }).click();
    await expect(checks.getByRole('listitem').filter({ hasText: 'Size' })).toContainText('Certwright reads tokens of up to 16 KiB');

    // ---- Rotation: the old key stays in the JWKS until its tokens have expired -----------------------------------------------
    await tabs.getByRole('tab', { name: 'Token issuers' }).click();
    await expect(issuer.getByRole('definition').filter({ hasText: /^1$/ })).toBeVisible(); // tokens signed
    await issuer.getByRole('button', { name: 'Rotate key…' }).click();
    const confirm = issuer.getByRole('group', { name: 'Rotate the signing key of acme-auth?' });
    await expect(confirm).toContainText('until the last of them has expired');
    await confirm.getByRole('button', { name: 'Rotate key' }).click();
    await expect(issuer.getByRole('status').filter({ hasText: /New signing key .* is current/ })).toBeVisible();
    await expect(issuer.getByRole('list', { name: 'Retiring keys' })).toContainText('leaves the JWKS at');
    await screenshot(page, '449-services-rotated');

    // ---- The public keys for verifiers: both keys while the old one's token lives; copied and saved ---------------------------------
    await issuer.getByRole('button', { name: 'Copy JWKS' }).click();
    await expect(issuer.getByRole('button', { name: 'Copied' })).toBeVisible();
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as { keys: Array<{ kid: string; kty: string; d?: string }> };
    expect(copied.keys).toHaveLength(2);
    expect(copied.keys.every((k) => k.kty === 'EC' && k.d === undefined)).toBe(true);
    const jwksPath = join(dir, 'acme-auth.jwks.json');
    app.dialogAnswers.push(jwksPath);
    await issuer.getByRole('button', { name: 'Save JWKS…' }).click();
    await expect(issuer.getByRole('status').filter({ hasText: `Saved the JWKS to ${jwksPath}` })).toBeVisible();
    expect((JSON.parse(await readFile(jwksPath, 'utf8')) as { keys: unknown[] }).keys).toEqual(copied.keys);

    // ---- The policy, exported as the file the Go middleware reads ---------------------------------------------------------------------
    await tabs.getByRole('tab', { name: 'Policy' }).click();
    const policyPath = join(dir, 'service-policy.json');
    app.dialogAnswers.push(policyPath);
    await page.getByRole('button', { name: 'Export…' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Saved the policy to ${policyPath}` })).toBeVisible();
    expect(Object.keys((JSON.parse(await readFile(policyPath, 'utf8')) as { services: object }).services)).toEqual(['order-service', 'payment-service', 'inventory-service']);

    // ---- The token endpoint, vouched for by the root CA ---------------------------------------------------------------------------------
    await tabs.getByRole('tab', { name: 'Token issuers' }).click();
    const endpoint = issuer.getByRole('region', { name: 'Token endpoint' });
    await endpoint.getByLabel('Accept client certificates of').selectOption({ label: 'Services Root CA' });
    await endpoint.getByRole('button', { name: 'Start endpoint' }).click();
    const endpointState = endpoint.getByRole('status', { name: 'Token endpoint state' });
    await expect(endpointState).toHaveText(/^Running on https:\/\/127\.0\.0\.1:\d+, accepting client certificates of Services Root CA$/);
    await expect(issuer.getByText('Endpoint running', { exact: true })).toBeVisible();
    const url = /https:\/\/127\.0\.0\.1:\d+/.exec((await endpointState.textContent()) ?? '')![0];
    // The curl line asks for what somebody may call (not order-service, which nobody calls), and says who may run it.
    const tokenFor = endpoint.getByLabel('Token for');
    await expect(tokenFor.locator('option')).toHaveText(['inventory-service', 'payment-service']);
    await expect(tokenFor).toHaveValue('inventory-service');
    await expect(endpoint.getByText(`curl --cacert ca.pem --cert fullchain.pem --key key.pem '${url}/token?aud=inventory-service'`, { exact: true })).toBeVisible();
    await tokenFor.selectOption('payment-service');
    const shownCurl = `curl --cacert ca.pem --cert fullchain.pem --key key.pem '${url}/token?aud=payment-service'`;
    await expect(endpoint.getByText(shownCurl, { exact: true })).toBeVisible();
    await expect(endpoint.getByText('Run it in the folder where the client bundle of order-service was exported (ca.pem, fullchain.pem and an unencrypted key.pem): only order-service may get tokens for payment-service.', { exact: true })).toBeVisible();
    await endpoint.getByRole('button', { name: 'Copy the curl command' }).click();
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    expect(curl).toBe(shownCurl);
    await endpoint.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await screenshot(page, '450-services-endpoint-running');

    // order-service's client bundle as the export writes it: every file the curl line names is there.
    const bundleDir = join(dir, 'order-service-client');
    app.dialogAnswers.push(bundleDir);
    expect((await ipc(page, 'certificate.export', { id: orderCertificate.id, format: 'pem' })).cancelled).toBe(false);
    const bundleFiles = await readdir(bundleDir);
    const named = curl.match(/[\w.-]+\.pem\b/g) ?? [];
    expect(named).toEqual(['ca.pem', 'fullchain.pem', 'key.pem']);
    for (const name of named) expect(bundleFiles).toContain(name);

    // The line as copied, run by the real curl in that folder: a token for order-service to call payment-service.
    const { stdout } = await promisify(execFile)('sh', ['-c', `${curl} --silent --show-error`], { cwd: bundleDir, encoding: 'utf8', timeout: 20_000 });
    const answer = JSON.parse(stdout) as TokenAnswer;
    expect(answer).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'payment-service:charge' });
    const [tokenHeader, tokenClaims] = answer.access_token!.split('.').slice(0, 2).map(decodePart) as [Record<string, unknown>, Record<string, unknown>];
    expect(tokenClaims).toMatchObject({ iss: 'acme-auth', sub: 'order-service', aud: 'payment-service', scope: 'payment-service:charge' });
    expect(Number(tokenClaims.exp) - Number(tokenClaims.iat)).toBe(600);
    expect(tokenHeader).toMatchObject({ alg: 'ES256', kid: copied.keys[0]!.kid }); // the key that is current since the rotation
    const [tokenIssuer] = await ipc(page, 'jwt.issuers', {});
    const verified = await ipc(page, 'jwt.verify', { id: tokenIssuer!.id, token: answer.access_token!, audience: 'payment-service', clientCertificateId: orderCertificate.id, action: 'payment-service:charge' });
    expect(verified.checks.filter((c) => c.outcome === 'fail')).toEqual([]);
    expect(verified.valid).toBe(true);

    // Node's https: the JWKS needs only the CA; a token for a service the policy does not let order-service call is refused in words, as is a caller without a certificate.
    const bundle = async (name: string) => readFile(join(bundleDir, name), 'utf8');
    const ca = await bundle('ca.pem');
    const asOrderService = { ca, cert: await bundle('fullchain.pem'), key: await bundle('key.pem') };
    const jwks = await httpsGet(`${url}/.well-known/jwks.json`, { ca });
    expect(jwks.status).toBe(200);
    expect((JSON.parse(jwks.body) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid)).toEqual(copied.keys.map((k) => k.kid));
    const refused = await httpsGet(`${url}/token?aud=order-service`, asOrderService);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toEqual({ error: 'access_denied', error_description: 'The service policy grants "order-service" nothing on order-service' });
    const anonymous = await httpsGet(`${url}/token?aud=payment-service`, { ca });
    expect(anonymous.status).toBe(401);
    expect((JSON.parse(anonymous.body) as TokenAnswer).error).toBe('invalid_client');

    // ---- Go snippets for order-service: package servicetoken, its client pointed at the running endpoint ---------------------------------
    await tabs.getByRole('tab', { name: 'Services' }).click();
    await table.getByRole('row', { name: 'order-service' }).getByRole('button', { name: 'Go snippets for order-service' }).click();
    const snippets = page.getByRole('region', { name: 'Go snippets for order-service' });
    const snippetTabs = snippets.getByRole('tablist', { name: 'Go snippets' });
    await expect(snippetTabs.getByRole('tab')).toHaveText([
      'HTTP middleware (net/http)',
      'gRPC server interceptors',
      'HTTP client with a token source',
      'gRPC PerRPCCredentials',
      'Config and checks (servers)',
      'JWKS and policy files (servers)',
    ]);
    await expect(snippets.getByRole('alert')).toHaveCount(0);
    await snippetTabs.getByRole('tab', { name: 'HTTP client with a token source' }).click();
    const snippetPanel = snippets.getByRole('tabpanel');
    await expect(snippetPanel).toContainText('servicetoken/servicetoken_client.go');
    await expect(snippetPanel).toContainText(`const TokenEndpoint = "${url}"`);
    await expect(snippetPanel).toContainText('A whole file of package servicetoken');
    await snippets.getByRole('button', { name: 'Copy HTTP client with a token source' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('func NewTokenSource(');
    await snippets.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, '451-services-go-snippets');
    // Further down the file: the endpoint it asks, the one running now.
    await snippetPanel.locator('pre').evaluate((pre) => {
      const line = (pre.textContent ?? '').split('\n').findIndex((l) => l.startsWith('const TokenEndpoint'));
      pre.scrollTop = Math.max(0, line - 4) * parseFloat(getComputedStyle(pre).lineHeight);
    });
    await screenshot(page, '452-services-go-snippets-endpoint');

    // ---- Stopped: the port is closed ------------------------------------------------------------------------------------------------------
    await tabs.getByRole('tab', { name: 'Token issuers' }).click();
    await endpoint.getByRole('button', { name: 'Stop endpoint' }).click();
    await expect(endpointState).toHaveText('Off.');
    await expect(issuer.getByText('Endpoint off', { exact: true })).toBeVisible();
    await expect(httpsGet(`${url}/.well-known/jwks.json`, { ca })).rejects.toThrow(/ECONNREFUSED/);

    expect(app.problems).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
