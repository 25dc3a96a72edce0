/**
 * The diagnosis against Go and OpenSSL, chain by chain. Over every case the diagnosis knows, a few
 * hundred chains drawn at random (seeded: the same every run) with flaws at every level, and each
 * root of Debian's ca-certificates.crt, Certwright's verdict — does the report hold an error? — is
 * held against Go 1.19's x509.Verify (one Go process for all chains) and `openssl verify
 * -x509_strict -auth_level 2` for the same certificates, trust anchors, purpose, host name and clock.
 *
 * The rule:
 * - Where Go and OpenSSL agree, Certwright must agree with them, unless the report shows one of
 *   the differences that are Certwright's on purpose (DIFFERENCES in
 *   test/support/diagnosis-corpus.ts, each with its reason and a test that recognises it). The
 *   cases made to show each difference must still show it, so the note cannot go stale.
 * - Where Go and OpenSSL disagree with each other, Certwright necessarily sides with one of them.
 *   That is not a failure: the summary lists each such case with both peers' words and whose side
 *   Certwright took, so that a change of side shows up in review.
 * - For the cases of the diagnosis (one flaw each) and the random chains in which Certwright finds
 *   one error, every Go and OpenSSL error Certwright quotes in an error finding must be what that
 *   peer said, when it refused. (With several flaws a peer names only the first it meets.)
 *
 * OpenSSL runs at auth level 2 because that is what Debian's OpenSSL applies to every TLS
 * connection (see OPENSSL_AUTH_LEVEL); plain `openssl verify` checks neither key sizes nor digests.
 * Not here: a private key that does not match (not a chain verdict; inspect-diagnosis asks Go's
 * tls.X509KeyPair and OpenSSL's s_server) and revocation (Go's Verify reads no CRL).
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { inspectInput, type InspectContext } from '../../electron/engine/inspect/inspect.js';
import type { Finding, InspectionReport } from '../../shared/domain/inspect.js';
import { KeyPool } from '../support/chain-maker.js';
import { CORPUS_NOW, DIFFERENCES, diagnosisCases, randomCases, systemRootCases, type DiffCase, type Difference, type Pem } from '../support/diagnosis-corpus.js';
import { goJudge, goPeer, isGoQuote, opensslJudge, opensslQuote, pemFile, type GoAnswer, type OpensslAnswer } from '../support/peer-verdicts.js';
import { tempDir } from '../support/temp.js';

const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const RANDOM_CHAINS = 300;
const SEED = 0x5eed_14;
const OPENSSL_PARALLEL = 4;

interface Judged {
  readonly c: DiffCase;
  /** The documented difference this disagreement is, if it is one. */
  readonly documented: Difference | null;
  readonly report: InspectionReport;
  readonly certwright: boolean;
  readonly go: GoAnswer;
  readonly openssl: OpensslAnswer;
}

const errorOf = (report: InspectionReport) => report.findings.some((f) => f.severity === 'error');
const errors = (report: InspectionReport) => report.findings.filter((f) => f.severity === 'error');
const verdict = (error: boolean) => (error ? 'refuses' : 'accepts');
const sameDer = (a: Pem, b: Pem) => Buffer.from(a.der).equals(Buffer.from(b.der));

function bundleRoots(text: string): Array<Pem & { name: string }> {
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map((m, i) => {
    const cert = new X509Certificate(m[0]);
    const cn = /(?:^|\n)CN=(.*)/.exec(cert.subject)?.[1] ?? cert.subject.split('\n').join(', ');
    return { pem: `${m[0]}\n`, der: new Uint8Array(cert.raw), name: `system root ${i + 1} “${cn}”` };
  });
}

async function certwrightOn(c: DiffCase): Promise<InspectionReport> {
  const context: InspectContext = {
    vault: c.vault.map((p, i) => ({ der: p.der, authorityId: (i + 1).toString(16).padStart(32, '0') })),
    system: () => (c.system ?? []).map((p) => p.der),
    now: c.now,
    crypto: globalThis.crypto,
    revocationOf: () => null,
  };
  const input = new Uint8Array(Buffer.from(c.input.map((p) => p.pem).join('')));
  return inspectInput(input, { password: null, hostCheck: c.host, role: c.role, useSystemStore: c.system !== undefined }, context);
}

const others = (c: DiffCase) => c.input.filter((p) => !sameDer(p, c.leaf));

async function opensslOn(c: DiffCase, dir: string): Promise<OpensslAnswer> {
  await mkdir(dir, { recursive: true });
  const leaf = join(dir, 'leaf.pem');
  await writeFile(leaf, c.leaf.pem);
  return opensslJudge({
    caFile: await pemFile(join(dir, 'trust.pem'), c.peerTrust.map((p) => p.pem)),
    untrusted: await pemFile(join(dir, 'untrusted.pem'), others(c).map((p) => p.pem)),
    leaf,
    usage: c.role,
    host: c.host,
    time: c.now,
  });
}

async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!, i);
      }
    }),
  );
  return results;
}

/** A peer's reason in a few words, names and times taken out, to group cases by. */
function goReason(go: GoAnswer): string {
  return go.ok ? 'ok' : go.error.replace(/"[^"]*"/g, '"…"').replace(/\d{4}-\d\d-\d\dT[\d:]+Z/g, 'T').replace(/ \(temporarily override[^)]*\)/, '');
}
function opensslReason(openssl: OpensslAnswer): string {
  return openssl.ok ? 'ok' : [...new Set(openssl.errors.map((e) => `${e.code} ${e.text}`))].join('; ') || openssl.output.trim().split('\n').at(-1)!;
}

/** Quotes of an error finding that a peer did not say, when that peer refused. */
function misquotes(finding: Finding, go: GoAnswer, openssl: OpensslAnswer): string[] {
  const out: string[] = [];
  if (!go.ok) for (const q of finding.seenAs.filter(isGoQuote)) if (!go.error.includes(q)) out.push(`Go: quoted "${q}", said "${go.error}"`);
  if (!openssl.ok) {
    for (const q of finding.seenAs.map(opensslQuote)) {
      if (q && !openssl.errors.some((e) => e.code === q.code && e.text === q.text)) out.push(`OpenSSL: quoted "${q.text} (verify error ${q.code})", said "${opensslReason(openssl)}"`);
    }
  }
  return out;
}

describe('the diagnosis against Go and OpenSSL', async () => {
  const started = performance.now();
  const dir = await tempDir('certwright-differential-');
  const building = goPeer();
  const pool = new KeyPool();
  const roots = bundleRoots(await readFile(SYSTEM_BUNDLE, 'utf8'));
  const cases: DiffCase[] = [...diagnosisCases(pool), ...randomCases(pool, RANDOM_CHAINS, SEED), ...systemRootCases(roots, new Date())];
  const generated = performance.now();
  await building;

  // The peers are asked each distinct question once (a system root's two cases ask the same).
  const question = (c: DiffCase) => JSON.stringify([c.leaf.pem, others(c).map((p) => p.pem), c.peerTrust.map((p) => p.pem), c.role, c.host, c.now.getTime()]);
  const distinct = [...new Map(cases.map((c) => [question(c), c])).values()];
  const [reports, goAnswers, opensslAnswers] = await Promise.all([
    Promise.all(cases.map(certwrightOn)),
    goJudge(distinct.map((c) => ({ kind: 'verify', leaf: c.leaf.pem, intermediates: others(c).map((p) => p.pem), roots: c.peerTrust.map((p) => p.pem), usage: c.role, dnsName: c.host, time: c.now }))),
    inParallel(distinct, OPENSSL_PARALLEL, (c, i) => opensslOn(c, join(dir, String(i)))),
  ]);
  const answers = new Map(distinct.map((c, i) => [question(c), { go: goAnswers[i]!, openssl: opensslAnswers[i]! }]));
  const judged: Judged[] = cases.map((c, i) => {
    const { go, openssl } = answers.get(question(c))!;
    const report = reports[i]!;
    const certwright = errorOf(report);
    const differs = go.ok === openssl.ok && certwright === go.ok;
    const documented = differs ? (Object.values(DIFFERENCES) as Difference[]).find((d) => d.certwrightError === certwright && d.applies(report, c)) ?? null : null;
    return { c, documented, report, certwright, go, openssl };
  });
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const timing = `${cases.length} cases (${cases.filter((c) => c.kind === 'diagnosis').length} diagnosis cases, ${RANDOM_CHAINS} random chains, ${roots.length} system roots × 2); generated in ${seconds(generated - started)}, judged by all three in ${seconds(performance.now() - generated)} (${distinct.length} distinct questions to each peer)`;

  const describeCase = (j: Judged) =>
    `${j.c.name}\n    Certwright ${verdict(j.certwright)}: ${errors(j.report).map((f) => `[${f.id}] ${f.title}`).join('; ') || 'no error'}\n    Go ${verdict(!j.go.ok)}: ${j.go.ok ? `chain ${j.go.chain?.join(' → ')}` : j.go.error}\n    OpenSSL ${verdict(!j.openssl.ok)}: ${opensslReason(j.openssl)}`;

  test('the corpus is what it says: seeded, a few hundred chains, every flaw at every level', (t) => {
    t.diagnostic(timing);
    const flaws = new Set(cases.flatMap((c) => c.flaws.map((f) => f.replace(/@\d+$/, ''))));
    for (const flaw of ['expired', 'not-yet-valid', 'sha1', 'sha1-self-signature', 'rsa1024', 'not-ca', 'no-cert-sign', 'path-length', 'ca-eku', 'name-constraints-outside', 'name-constraints-excluded', 'name-constraints-ip', 'wrong-eku', 'no-san', 'missing-intermediate', 'wrong-key-intermediate', 'expired-older-copy', 'root-in-input', 'shuffled', 'stranger-ca']) {
      assert.ok(flaws.has(flaw), `no random chain has the flaw ${flaw}`);
    }
    for (const flaw of ['expired', 'not-yet-valid', 'sha1', 'rsa1024']) {
      for (const level of [0, 1, 2]) assert.ok(cases.some((c) => c.flaws.includes(`${flaw}@${level}`)), `no chain has ${flaw} at level ${level}`);
    }
  });

  test('Certwright judges the certificate the peers verify', () => {
    const wrong = judged.filter((j) => j.report.leafIndex === null || !sameDer(j.c.input[j.report.leafIndex]!, j.c.leaf));
    assert.deepEqual(wrong.map((j) => j.c.name), []);
  });

  test('where Go and OpenSSL agree, so does Certwright (or the difference is documented)', () => {
    const disagreements = judged.filter((j) => j.go.ok === j.openssl.ok && j.certwright === j.go.ok && !j.documented);
    assert.equal(disagreements.length, 0, `Certwright disagrees with both peers on ${disagreements.length} of ${judged.length} cases:\n  ${disagreements.map(describeCase).join('\n  ')}`);
  });

  test('documented differences still hold, as documented', (t) => {
    for (const j of judged.filter((x) => x.c.expectedDifference)) {
      assert.equal(j.documented, j.c.expectedDifference, `made to show “${j.c.expectedDifference!.reason}”, but:\n  ${describeCase(j)}`);
    }
    for (const [key, difference] of Object.entries(DIFFERENCES)) {
      const shown = judged.filter((j) => j.documented === difference);
      assert.ok(shown.length > 0, `no case shows the documented difference ${key}`);
      t.diagnostic(`documented difference, ${shown.length} case${shown.length === 1 ? '' : 's'}: ${difference.reason}\n      e.g. ${shown.slice(0, 4).map((j) => j.c.name).join('; ')}`);
    }
  });

  test('where Go and OpenSSL disagree with each other, it is recorded, with whose side Certwright took', (t) => {
    const split = judged.filter((j) => j.go.ok !== j.openssl.ok);
    const groups = new Map<string, Judged[]>();
    for (const j of split) {
      const key = `Go ${verdict(!j.go.ok)} (${goReason(j.go)}), OpenSSL ${verdict(!j.openssl.ok)} (${opensslReason(j.openssl)}); Certwright sides with ${j.certwright === !j.go.ok ? 'Go' : 'OpenSSL'}`;
      groups.set(key, [...(groups.get(key) ?? []), j]);
    }
    t.diagnostic(`Go and OpenSSL disagree on ${split.length} of ${judged.length} cases, in ${groups.size} ways:`);
    for (const [key, list] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
      t.diagnostic(`  ${list.length} × ${key}\n      e.g. ${list.slice(0, 3).map((j) => j.c.name).join('; ')}`);
    }
    for (const j of split) assert.ok(j.certwright === !j.go.ok || j.certwright === !j.openssl.ok);
  });

  test('each diagnosis case, and each random chain with one error, quotes Go and OpenSSL as they spoke', () => {
    const wrong: string[] = [];
    for (const j of judged.filter((x) => x.c.kind === 'diagnosis' || (x.c.kind === 'random' && errors(x.report).length === 1))) {
      for (const finding of errors(j.report)) for (const m of misquotes(finding, j.go, j.openssl)) wrong.push(`${j.c.name} [${finding.id}] ${m}`);
    }
    assert.deepEqual(wrong, []);
  });

  test('the report, for the record', (t) => {
    const agree = judged.filter((j) => j.go.ok === j.openssl.ok && j.certwright === !j.go.ok).length;
    // With several flaws a peer names only the first it meets, so Certwright's quote of another flaw
    // is not a misquote: counted for a reader, not asserted.
    const several = judged.filter((j) => j.c.kind === 'random' && errors(j.report).length > 1);
    const unnamed = several.flatMap((j) => errors(j.report).flatMap((f) => misquotes(f, j.go, j.openssl)));
    t.diagnostic(timing);
    t.diagnostic(`all three agree on ${agree} of ${judged.length}; clock ${CORPUS_NOW.toISOString()} for generated chains, the real time for system roots`);
    t.diagnostic(`${several.length} random chains have several errors: ${unnamed.length} of their quotes are of a flaw the peers did not name first`);
  });
});
