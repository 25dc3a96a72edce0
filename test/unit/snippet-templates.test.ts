/**
 * The Go snippets are real .go files (electron/engine/export/snippets/*.go): gofmt accepts them as
 * they are, the module the engine reads them from (templates.gen.ts) is what
 * scripts/snippet-templates.mjs makes of them today, and every placeholder is filled when rendered.
 * (test/interop/export-formats.interop.test.ts builds, vets and runs the rendered programs.)
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { buildSnippets } from '../../electron/engine/export/snippets.js';
import { GO_TEMPLATES } from '../../electron/engine/export/snippets/templates.gen.js';
import { pemSet } from '../../electron/engine/export/pem-set.js';

interface TemplateScript {
  TEMPLATE_DIR: string;
  GENERATED: string;
  templateFiles(): Promise<Array<{ name: string; text: string }>>;
  generatedModule(): Promise<string>;
}
const script = (await import(new URL('../../scripts/snippet-templates.mjs', import.meta.url).href)) as TemplateScript;

test('templates.gen.ts is generated from the .go files as they are now', async () => {
  const files = await script.templateFiles();
  assert.deepEqual(Object.keys(GO_TEMPLATES).sort(), files.map((f) => f.name));
  assert.equal(await readFile(script.GENERATED, 'utf8'), await script.generatedModule(), 'templates.gen.ts is stale: run `node scripts/snippet-templates.mjs` (npm run build does too)');
});

test('gofmt -l accepts every .go template as it is', async (t) => {
  const files = (await script.templateFiles()).map((f) => `${script.TEMPLATE_DIR}/${f.name}`);
  let result: { stdout: string; stderr: string };
  try {
    result = await promisify(execFile)('gofmt', ['-l', '-e', ...files]);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !process.env.CI) return t.skip('gofmt is not installed (golang-go)');
    throw error;
  }
  assert.equal(result.stdout, '', `not gofmt-formatted:\n${result.stdout}`);
});

test('every placeholder is filled, and the gRPC fragments lose their stand-in package clause', () => {
  const certificate = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]);
  for (const withKey of [true, false]) {
    const files = pemSet({ leafDer: certificate, intermediatesDer: [certificate], rootDer: certificate, privateKeyPkcs8: withKey ? certificate : null });
    const snippets = buildSnippets({ serviceName: 'svc_1', host: '::1', port: 8443, files, directory: '/srv/svc' });
    for (const s of snippets.filter((x) => x.language === 'go')) {
      assert.doesNotMatch(s.text, /__[A-Z_]+__/, s.id);
      assert.equal(/^package snippet/m.test(s.text), false, s.id);
      assert.equal(s.text.includes('key.pem is not in this bundle'), !withKey, s.id);
    }
    assert.match(snippets.find((s) => s.id === 'grpc-go-client')!.text, /grpc\.NewClient\("\[::1\]:8443"/);
    assert.match(snippets.find((s) => s.id === 'go-server')!.text, /envOr\("CERT_DIR", "\/srv\/svc"\)/);
  }
});
