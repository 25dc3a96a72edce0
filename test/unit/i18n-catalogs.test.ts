/**
 * Issue 18, the catalogs: English and Simplified Chinese have exactly the same keys (each with the plural
 * forms its language's Intl.PluralRules needs) and the same placeholders, Chinese is not English left
 * in place, every key the code names exists, and no key is left unused.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { en } from '../../shared/i18n/catalogs/en/index.js';
import { zhCN } from '../../shared/i18n/catalogs/zh-CN/index.js';
import { createI18n } from '../../shared/i18n/i18n.js';
import { pickLanguage } from '../../shared/i18n/languages.js';
import { pseudoText } from '../../shared/i18n/pseudo.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Tree = { readonly [key: string]: string | Tree };

/** `namespace:dotted.key` → text. */
function flatten(catalog: Tree): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: Tree, path: string) => {
    for (const [key, value] of Object.entries(node)) {
      const here = path.endsWith(':') ? `${path}${key}` : `${path}.${key}`;
      if (typeof value === 'string') out.set(here, value);
      else walk(value, here);
    }
  };
  for (const [ns, tree] of Object.entries(catalog)) walk(tree as Tree, `${ns}:`);
  return out;
}

/** A key without its plural suffix, and the suffix. */
const pluralOf = (key: string): { base: string; category: string | null } => {
  const m = PLURAL.exec(key);
  return m ? { base: key.slice(0, m.index), category: m[1]! } : { base: key, category: null };
};

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}|<(\d+)>|\$t\(([^)]*)\)/g)].map((m) => m[1] ?? (m[2] !== undefined ? `<${m[2]}>` : `$t(${m[3]})`)).sort();

const english = flatten(en as unknown as Tree);
const chinese = flatten(zhCN as unknown as Tree);

/**
 * Texts that are the same in both languages on purpose: technical tokens and product names a
 * translation keeps (PEM, PKCS#12, OCSP …). Anything else identical in Chinese is English left behind.
 */
const SAME_IN_BOTH = /^[\s\W\d]*(?:(?:PEM|DER|PKCS#?\d+|OCSP|CRL|CSR|SAN|CN|EKU|JWT|JWKS|ACME|EAB|HTTP-01|TLS|mTLS|X\.509|SHA-\d+|RSA|ECDSA|P-\d+|Ed25519|URL|URI|IP|DNS|Certwright|Istio|Go|step-ca|smallstep|OpenSSL|openssl|curl|nginx|certbot|lego|kubectl|cert-manager|Prometheus|localhost|UTC|OK|ID|JSON|CSV|ZIP|HTTP|HTTPS|gRPC|KiB|MiB|GiB|[A-Z]{2,6})[\s\W\d]*)+$/;

describe('the catalogs', () => {
  test('English and Chinese have the same keys, each with its language’s plural forms', () => {
    const groups = (catalog: Map<string, string>) => {
      const byBase = new Map<string, Set<string>>();
      for (const key of catalog.keys()) {
        const { base, category } = pluralOf(key);
        const set = byBase.get(base) ?? new Set<string>();
        if (category) set.add(category);
        byBase.set(base, set);
      }
      return byBase;
    };
    const enGroups = groups(english);
    const zhGroups = groups(chinese);
    const missing = [...enGroups.keys()].filter((k) => !zhGroups.has(k));
    const extra = [...zhGroups.keys()].filter((k) => !enGroups.has(k));
    assert.deepEqual(missing, [], 'keys in English with no Chinese');
    assert.deepEqual(extra, [], 'keys in Chinese that English does not have');
    for (const [language, byBase] of [['en', enGroups], ['zh-CN', zhGroups]] as const) {
      const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories.slice().sort();
      for (const [base, categories] of byBase) {
        const pluralInEnglish = (enGroups.get(base)?.size ?? 0) > 0;
        if (!pluralInEnglish) {
          assert.equal(categories.size, 0, `${language} ${base}: plural forms where English has one text`);
          continue;
        }
        assert.deepEqual([...categories].sort(), needed, `${language} ${base}: the plural forms Intl.PluralRules('${language}') uses`);
      }
    }
  });

  test('every text is non-empty and has the same placeholders in both languages', () => {
    const bases = new Map<string, string[]>();
    for (const [key, text] of english) {
      assert.notEqual(text.trim(), '', `en ${key} is empty`);
      bases.set(pluralOf(key).base, placeholders(text));
    }
    for (const [key, text] of chinese) {
      assert.notEqual(text.trim(), '', `zh-CN ${key} is empty`);
      const { base } = pluralOf(key);
      const enForms = [...english.entries()].filter(([k]) => pluralOf(k).base === base).map(([, v]) => placeholders(v).filter((p) => p !== 'count'));
      const zh = placeholders(text).filter((p) => p !== 'count');
      // A plural's English `_one` may say "one" instead of {{count}}; every other placeholder must match.
      assert.ok(enForms.some((forms) => JSON.stringify([...new Set(forms)].sort()) === JSON.stringify([...new Set(zh)].sort())), `zh-CN ${key}: placeholders ${JSON.stringify(zh)} differ from English ${JSON.stringify(enForms)}`);
    }
  });

  test('Chinese is translated: no English sentence left in place', () => {
    const untranslated = [...chinese].filter(([key, text]) => text === english.get(key) && /[a-z]{3,}/i.test(text.replace(/\{\{[^}]*\}\}/g, '')) && !SAME_IN_BOTH.test(text.replace(/\{\{[^}]*\}\}/g, ''))).map(([key, text]) => `${key}: ${text}`);
    assert.deepEqual(untranslated, []);
  });

  test('every key the code names exists, and every key is used', async () => {
    const files = (await sourceFiles()).filter((f) => !f.includes('/i18n/catalogs/'));
    const literal = new Set<string>();
    const prefixes = new Set<string>();
    const namespaces = Object.keys(en).join('|');
    const literalKey = new RegExp(`['"\`]((?:${namespaces}):[\\w.]+)['"\`]`, 'g');
    const dynamicKey = new RegExp(`\`((?:${namespaces}):[\\w.]*)\\$\\{`, 'g');
    const where = new Map<string, string>();
    for (const file of files) {
      // Comments name example keys; only code counts.
      const text = (await readFile(file, 'utf8')).split('\n').filter((line) => !/^\s*(\/\/|\*|\/\*\*)/.test(line)).join('\n');
      for (const m of text.matchAll(literalKey)) {
        literal.add(m[1]!);
        where.set(m[1]!, relative(ROOT, file));
      }
      for (const m of text.matchAll(dynamicKey)) prefixes.add(m[1]!);
    }
    const bases = new Set([...english.keys()].map((k) => pluralOf(k).base));
    const unknown = [...literal].filter((k) => !bases.has(k) && !english.has(k) && ![...english.keys()].some((e) => e.startsWith(`${k}.`))).map((k) => `${k} (${where.get(k)})`);
    assert.deepEqual(unknown, [], 'keys named in the code that no catalog has');
    const unused = [...bases].filter((k) => !literal.has(k) && ![...prefixes].some((p) => k.startsWith(p)) && ![...literal].some((l) => k.startsWith(`${l}.`)));
    assert.deepEqual(unused, [], 'keys no code uses');
  });

  test('plurals and numbers go through Intl in each language', () => {
    const zh = createI18n('zh-CN');
    const enI = createI18n('en');
    assert.equal(enI.t('common:time.daysLeft', { count: 1 }), '1 day left');
    assert.equal(enI.t('common:time.daysLeft', { count: 29 }), '29 days left');
    assert.match(zh.t('common:time.daysLeft', { count: 29 }), /29/);
    assert.match(zh.t('common:time.daysLeft', { count: 29 }), /[\u4e00-\u9fff]/);
  });

  test('the OS language picks Simplified Chinese for zh, zh-CN, zh-Hans and zh-SG, not for Traditional', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-Hans-CN', 'zh_CN', 'zh-SG']) assert.equal(pickLanguage([tag]), 'zh-CN', tag);
    for (const tag of ['zh-TW', 'zh-Hant-HK', 'zh-HK', 'fr-FR', 'de']) assert.equal(pickLanguage([tag]), 'en', tag);
    assert.equal(pickLanguage(['zh-TW', 'zh-CN']), 'zh-CN');
    assert.equal(pickLanguage(['fr', 'en-GB', 'zh-CN']), 'en');
    assert.equal(pickLanguage([]), 'en');
  });

  test('the pseudo-locale keeps placeholders and tags and brackets every text', () => {
    assert.equal(pseudoText('Issue {{name}} <1>now</1>'), '⟦Îššûé {{name}} <1>ñöŵ</1>⟧');
    assert.equal(createI18n('en-XA').t('common:time.daysLeft', { count: 2 }), '⟦2 đåýš ļéƒţ⟧');
  });
});

async function sourceFiles(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (/\.(ts|tsx)$/.test(entry.name)) out.push(path);
    }
  };
  for (const dir of ['renderer', 'electron', 'shared']) await walk(join(ROOT, dir));
  return out;
}
