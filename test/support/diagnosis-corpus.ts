/**
 * The corpus of the diagnosis differential: every case the diagnosis knows, chains drawn at random
 * (seeded, the same on every run) with flaws at every level, and Debian's system roots. Each case
 * says what Certwright is given (input, vault, system store) and what the peers are given (the same
 * certificates, the same trust, purpose, host name and clock).
 */
import type { InspectionReport, InspectRole } from '../../shared/domain/inspect.js';
import { EKU, makeCertificate, prng, tampered, type CertSpec, type KeyKind, type KeyPool, type Made } from './chain-maker.js';
import { english } from '../../shared/i18n/english.js';

export interface Pem {
  readonly pem: string;
  readonly der: Uint8Array;
}

export interface DiffCase {
  readonly name: string;
  readonly kind: 'diagnosis' | 'random' | 'system-root';
  /** Certwright's input, in the order given. */
  readonly input: readonly Pem[];
  /** The end entity the peers verify; Certwright must choose the same. */
  readonly leaf: Pem;
  /** The peers' trust anchors (Go's Roots, OpenSSL's -CAfile). */
  readonly peerTrust: readonly Pem[];
  /** Certwright's vault: its CAs are trust anchors. */
  readonly vault: readonly Pem[];
  /** Certwright's system store, consulted when set. */
  readonly system?: readonly Pem[];
  readonly role: InspectRole;
  readonly host: string | null;
  readonly now: Date;
  /** What was done to the chain, for the summary: "expired@1", "sha1@0", … (level 0 is the leaf). */
  readonly flaws: readonly string[];
  /**
   * A case made to show a difference from both peers that is Certwright's on purpose: the test
   * fails if it no longer differs so, and the documentation goes stale.
   */
  readonly expectedDifference?: Difference;
}

/** The corpus clock: every generated date is relative to it; peers and Certwright judge at it. */
export const CORPUS_NOW = new Date('2030-06-15T12:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(CORPUS_NOW.getTime() + days * DAY);

const LEAF_DATES = { notBefore: at(-10), notAfter: at(80) };
const CA_DATES = { notBefore: at(-400), notAfter: at(3000) };
const EXPIRED = { notBefore: at(-400), notAfter: at(-3) };
const NOT_YET = { notBefore: at(3), notAfter: at(400) };

// ---- Documented differences ---------------------------------------------------------------------

/**
 * A verdict that differs from both peers on purpose. `applies` recognises it in a report, so a
 * random chain whose only disagreement is this one counts as documented, and nothing else does.
 */
export interface Difference {
  readonly reason: string;
  /** Certwright reports an error where both peers accept (true), or none where both refuse (false). */
  readonly certwrightError: boolean;
  readonly applies: (report: InspectionReport, c: DiffCase) => boolean;
}

const errorFindings = (report: InspectionReport) => report.findings.filter((f) => f.severity === 'error');

export const DIFFERENCES = {
  untrustedRoot: {
    reason: 'A chain that ends at a root nobody here trusts is a warning in Certwright, not an error: the vault is not the clients’ trust store, and the finding says clients need that root. Go and OpenSSL, given no anchor for it, refuse the chain.',
    certwrightError: false,
    applies: (report) => report.chain?.anchor === null && report.chain.links.at(-1)?.role === 'root' && report.findings.some((f) => f.id === 'unknown-authority' && f.severity === 'warning'),
  },
  cnOnlyServer: {
    reason: 'A server certificate without a Subject Alternative Name is an error in Certwright even when no host name is asked for: every TLS client checks one, and Go (since 1.15) and browsers never read the Common Name. Go and OpenSSL, given no host name, have nothing to check.',
    certwrightError: true,
    applies: (report, c) => c.host === null && c.role === 'server' && errorFindings(report).every((f) => f.id === 'cn-only'),
  },
  tamperedSelfSignature: {
    reason: 'Certwright checks the self-signature of a root it does not yet trust: one that does not verify was altered, and whether to trust it is what the user is deciding. Go and OpenSSL never check a trust anchor’s self-signature.',
    certwrightError: true,
    applies: (report) => report.chain?.anchor === null && errorFindings(report).every((f) => f.id === 'bad-signature' && english(f.title).includes('self-signature')),
  },
  tlsCannotSign: {
    reason: 'An end-entity key on P-224 is an error in Certwright: its chain verifies, but TLS 1.3 has no signature scheme for the curve, so a Go server refuses the key ("tls: unsupported certificate curve (P-224)") and OpenSSL negotiates nothing. Go’s and OpenSSL’s chain verification, which is what they are asked here, accept it.',
    certwrightError: true,
    applies: (report) => errorFindings(report).every((f) => f.id === 'weak-key' && english(f.title).endsWith('which TLS cannot sign with')),
  },
} as const satisfies Record<string, Difference>;

// ---- Building chains ----------------------------------------------------------------------------

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Level extends CertSpec {
  /** RSA pool slot, so that a chain's RSA keys differ from level to level. */
  readonly slot?: number;
}

/** Issues levels root first: levels[0] is the leaf, levels.at(-1) the self-signed root. */
function issueChain(pool: KeyPool, levels: readonly Level[]): Made[] {
  const made: Made[] = new Array(levels.length);
  for (let i = levels.length - 1; i >= 0; i--) {
    const spec = levels[i]!;
    made[i] = makeCertificate(spec, pool.key(spec.key, spec.slot ?? i), made[i + 1] ?? null);
  }
  return made;
}

const caSpec = (commonName: string, extra: Partial<Level> = {}): Level => ({ commonName, key: 'p256', hash: 'SHA-256', ...CA_DATES, ca: true, ...extra });
const leafSpec = (commonName: string, role: 'server' | 'client', extra: Partial<Level> = {}): Level => ({
  commonName,
  key: 'p256',
  hash: 'SHA-256',
  ...LEAF_DATES,
  ca: false,
  eku: [EKU[role]],
  dns: role === 'server' ? [commonName] : [],
  ...extra,
});

function plain(made: Made): Pem {
  return { pem: made.pem, der: made.der };
}

// ---- Every diagnosis case -----------------------------------------------------------------------

export function diagnosisCases(pool: KeyPool): DiffCase[] {
  const cases: DiffCase[] = [];
  const host = (tag: string) => `api.${tag}.test`;
  /** A root → intermediate → server leaf chain with overrides per level, judged as a server at `host`. */
  function chain(tag: string, over: { leaf?: Partial<Level>; int?: Partial<Level>; root?: Partial<Level> } = {}) {
    const [leaf, int, root] = issueChain(pool, [leafSpec(host(tag), 'server', over.leaf), caSpec(`${tag} Issuing`, over.int), caSpec(`${tag} Root`, over.root)]);
    return { leaf: leaf!, int: int!, root: root! };
  }
  const add = (name: string, c: Omit<DiffCase, 'name' | 'kind' | 'now' | 'flaws'> & { flaws?: readonly string[] }) => cases.push({ name, kind: 'diagnosis', now: CORPUS_NOW, flaws: c.flaws ?? [name], ...c });
  /** The usual shape: leaf + intermediate given, root trusted by both sides. */
  const standard = (made: { leaf: Made; int: Made; root: Made }, extra: Partial<DiffCase> = {}) => ({
    input: [plain(made.leaf), plain(made.int)],
    leaf: plain(made.leaf),
    peerTrust: [plain(made.root)],
    vault: [plain(made.root)],
    role: 'server' as const,
    host: extra.host === undefined ? made.leaf.spec.dns?.[0] ?? null : extra.host,
    ...extra,
  });

  const healthy = chain('healthy');
  add('healthy', standard(healthy));
  add('expired', standard(chain('expired', { leaf: EXPIRED })));
  add('not-yet-valid', standard(chain('not-yet-valid', { leaf: NOT_YET })));
  add('chain-expired (root)', standard(chain('root-expired', { root: EXPIRED })));
  add('chain-expired (intermediate)', standard(chain('int-expired', { int: EXPIRED })));
  add('chain not yet valid (intermediate)', standard(chain('int-not-yet', { int: NOT_YET })));
  add('chain not yet valid (root)', standard(chain('root-not-yet', { root: NOT_YET })));
  add('incomplete-chain: issuer nowhere', standard(healthy, { input: [plain(healthy.leaf)] }));
  // The clients trust the root only (as they do): nobody gives them the intermediate, so they refuse.
  add('incomplete-chain: intermediate in the vault', standard(healthy, { input: [plain(healthy.leaf)], vault: [plain(healthy.int), plain(healthy.root)], peerTrust: [plain(healthy.root)] }));
  add('wrong-order', standard(healthy, { input: [plain(healthy.root), plain(healthy.leaf), plain(healthy.int)] }));
  add('unknown-authority: root not trusted', {
    ...standard(healthy, { input: [plain(healthy.leaf), plain(healthy.int), plain(healthy.root)], vault: [], peerTrust: [] }),
    expectedDifference: DIFFERENCES.untrustedRoot,
  });
  const [selfSigned] = issueChain(pool, [leafSpec('self.diag.test', 'server')]);
  add('unknown-authority: self-signed leaf', { input: [plain(selfSigned!)], leaf: plain(selfSigned!), peerTrust: [], vault: [], role: 'server', host: 'self.diag.test' });
  const forged = tampered(healthy.leaf);
  add('bad-signature', standard(healthy, { input: [plain(forged), plain(healthy.int)], leaf: plain(forged) }));

  const wildcard = chain('wild', { leaf: { dns: ['*.wild.test'], ips: ['10.9.8.7'] } });
  for (const [label, h] of [
    ['hostname: wildcard covers one label', 'a.wild.test'],
    ['hostname-mismatch: two labels under a wildcard', 'a.b.wild.test'],
    ['hostname-mismatch: the wildcard’s own domain', 'wild.test'],
    ['hostname: IP SAN', '10.9.8.7'],
    ['hostname-mismatch: another IP', '10.9.8.6'],
  ] as const) {
    add(label, standard(wildcard, { host: h }));
  }
  const dnsOnly = chain('dns-only');
  add('hostname-mismatch: an IP, no IP SANs', standard(dnsOnly, { host: '10.9.8.7' }));
  const ipOnly = chain('ip-only', { leaf: { dns: [], ips: ['10.9.8.7'] } });
  add('hostname-mismatch: a DNS name, only IP SANs', standard(ipOnly, { host: 'api.ip-only.test' }));
  const cnOnly = chain('cn-only', { leaf: { dns: [] } });
  add('cn-only: host name asked', standard(cnOnly, { host: host('cn-only') }));
  add('cn-only: host name is not the CN', standard(cnOnly, { host: 'other.cn-only.test' }));
  add('cn-only: no host name', { ...standard(cnOnly, { host: null }), expectedDifference: DIFFERENCES.cnOnlyServer });
  add('cn-only: as a client', standard(cnOnly, { host: null, role: 'client' }));
  add('wrong-eku', standard(chain('wrong-eku', { leaf: { eku: [EKU.client] } })));
  add('wrong-eku: client role, server certificate', standard(healthy, { role: 'client', host: null }));
  add('no EKU at all', standard(chain('no-eku', { leaf: { eku: null } })));
  add('ca-leaf', standard(chain('ca-leaf', { leaf: { ca: true } })));
  add('validity-too-long', standard(chain('long', { leaf: { notBefore: at(-10), notAfter: at(890) } })));

  add('weak-signature: leaf (SHA-1)', standard(chain('sha1-leaf', { int: { key: 'rsa2048' }, leaf: { hash: 'SHA-1' } })));
  add('weak-signature: leaf (ECDSA-SHA1)', standard(chain('ecdsa-sha1-leaf', { leaf: { hash: 'SHA-1' } })));
  add('weak-signature: intermediate', standard(chain('sha1-int', { root: { key: 'rsa2048' }, int: { hash: 'SHA-1' } })));
  const sha1Root = chain('sha1-root', { root: { key: 'rsa2048', hash: 'SHA-1' } });
  add('weak-signature: the trusted root’s self-signature', standard(sha1Root));
  add('weak-signature: a lone root’s self-signature (as in ca-certificates.crt)', { input: [plain(sha1Root.root)], leaf: plain(sha1Root.root), peerTrust: [plain(sha1Root.root)], vault: [], role: 'any', host: null });
  add('bad-signature: a lone root’s self-signature altered', {
    input: [plain(tampered(healthy.root))],
    leaf: plain(tampered(healthy.root)),
    peerTrust: [plain(tampered(healthy.root))],
    vault: [],
    role: 'any',
    host: null,
    expectedDifference: DIFFERENCES.tamperedSelfSignature,
  });
  add('weak-key: leaf', standard(chain('rsa1024-leaf', { leaf: { key: 'rsa1024' } })));
  add('weak-key: intermediate', standard(chain('rsa1024-int', { int: { key: 'rsa1024' } })));
  add('weak-key: root', standard(chain('rsa1024-root', { root: { key: 'rsa1024' } })));
  add('weak-key: a P-224 leaf', { ...standard(chain('p224-leaf', { leaf: { key: 'p224' } })), expectedDifference: DIFFERENCES.tlsCannotSign });
  add('a P-224 intermediate', standard(chain('p224-int', { int: { key: 'p224' } })));
  add('Ed25519 at every level', standard(chain('ed25519', { root: { key: 'ed25519' }, int: { key: 'ed25519' }, leaf: { key: 'ed25519' } })));

  add('not-a-ca', standard(chain('not-a-ca', { int: { ca: false } })));
  add('not-a-ca: no Basic Constraints', standard(chain('no-bc', { int: { ca: null } })));
  const [deepLeaf, deepInt2, deepInt1, deepRoot] = issueChain(pool, [leafSpec(host('path-length'), 'server'), caSpec('path-length Issuing 2'), caSpec('path-length Issuing 1'), caSpec('path-length Root', { pathLength: 0 })]);
  add('path-length', { input: [plain(deepLeaf!), plain(deepInt2!), plain(deepInt1!)], leaf: plain(deepLeaf!), peerTrust: [plain(deepRoot!)], vault: [plain(deepRoot!)], role: 'server', host: host('path-length') });
  add('path-length: exactly enough', standard(chain('path-ok', { root: { pathLength: 1 }, int: { pathLength: 0 } })));
  add('issuer-key-usage', standard(chain('no-cert-sign', { int: { certSign: false } })));
  add('name-constraints: not permitted', standard(chain('nc-out', { int: { nameConstraints: { permittedDns: ['allowed.test'] } } })));
  add('name-constraints: permitted', standard(chain('nc-in', { int: { nameConstraints: { permittedDns: ['nc-in.test'] } } })));
  add('name-constraints: excluded', standard(chain('nc-excl', { root: { nameConstraints: { excludedDns: ['api.nc-excl.test'] } } })));
  add('name-constraints: IP outside', standard(chain('nc-ip', { int: { nameConstraints: { permittedIp: ['10.0.0.0/8'] } }, leaf: { ips: ['192.0.2.7'] } })));
  add('name-constraints: IP inside', standard(chain('nc-ip-in', { int: { nameConstraints: { permittedIp: ['10.0.0.0/8'] } }, leaf: { ips: ['10.1.2.3'] } })));
  add('eku-nesting', standard(chain('eku-nesting', { int: { eku: [EKU.client] } })));
  add('eku-nesting: the root', standard(chain('eku-root', { root: { eku: [EKU.client] } })));
  add('eku-nesting: allowed', standard(chain('eku-ok', { int: { eku: [EKU.server, EKU.client] } })));
  return cases;
}

// ---- Random chains ------------------------------------------------------------------------------

/** Everything drawn for one random chain, before any certificate is made (so that making them in parallel keeps the draw the same). */
interface RandomPlan {
  readonly tag: string;
  readonly role: 'server' | 'client';
  readonly host: string | null;
  /** Leaf first, root last. */
  readonly levels: readonly Level[];
  readonly flaws: string[];
  /** Which intermediate (index among them) to leave out, replace with one of the right name and the wrong key, or precede with an expired older copy. */
  readonly drop: number | null;
  readonly decoy: number | null;
  readonly older: number | null;
  readonly stranger: boolean;
  readonly root: boolean;
  /** A permutation of the input, or null to keep it leaf first. */
  readonly order: number[] | null;
}

/**
 * Draws a chain: 0–3 intermediates; at each level a chance of expiry, a start in the future, a
 * SHA-1 signature, an RSA 1024 key; CAs that are not CAs, may not sign, limit the path length, the
 * EKU or the names; a leaf with the other role's EKU, none, or no SAN; and an input that misses an
 * intermediate, carries a stranger, an expired older copy of an intermediate or one with the right
 * name and the wrong key, the root, or all of it shuffled.
 */
function planRandom(index: number, random: () => number): RandomPlan {
  const tag = `r${String(index).padStart(3, '0')}`;
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const depth = pick([0, 1, 1, 1, 2, 2, 3]);
  const role = chance(0.65) ? 'server' : 'client';
  const flaws: string[] = [];
  const levels: Level[] = [];
  const domain = `${tag}.test`;
  const leafDns = [`svc.${domain}`, `*.web.${domain}`];
  let leafIps: string[] = chance(0.3) ? ['10.1.2.3'] : chance(0.1) ? ['192.0.2.9'] : [];

  for (let level = 0; level <= depth + 1; level++) {
    const isLeaf = level === 0;
    const isRoot = level === depth + 1;
    const when = random();
    const dates = when < 0.05 ? EXPIRED : when < 0.09 ? NOT_YET : isLeaf ? LEAF_DATES : CA_DATES;
    if (when < 0.05) flaws.push(`expired@${level}`);
    else if (when < 0.09) flaws.push(`not-yet-valid@${level}`);
    const keyDraw = random();
    const key: KeyKind = keyDraw < 0.06 ? 'rsa1024' : keyDraw < 0.3 ? 'rsa2048' : keyDraw < 0.35 ? 'ed25519' : 'p256';
    if (key === 'rsa1024') flaws.push(`rsa1024@${level}`);
    const sha1 = chance(isRoot ? 0.1 : 0.06);
    if (sha1) flaws.push(isRoot ? 'sha1-self-signature' : `sha1@${level}`);
    const base = { key, hash: sha1 ? ('SHA-1' as const) : ('SHA-256' as const), ...dates, slot: level };
    if (isLeaf) {
      const eku = random();
      const other = role === 'server' ? 'client' : 'server';
      const leafEku = eku < 0.07 ? [EKU[other]] : eku < 0.15 ? null : eku < 0.3 ? [EKU.server, EKU.client] : [EKU[role]];
      if (eku < 0.07) flaws.push('wrong-eku');
      const cnOnly = chance(0.04);
      if (cnOnly) {
        flaws.push('no-san');
        leafIps = [];
      }
      levels.push({ ...base, commonName: `svc.${domain}`, ca: false, eku: leafEku, dns: cnOnly ? [] : leafDns, ips: leafIps });
      continue;
    }
    const ca: Mutable<Level> = { ...base, commonName: isRoot ? `${tag} Root` : `${tag} Issuing ${level}`, ca: true };
    if (!isRoot && chance(0.03)) {
      ca.ca = false;
      flaws.push(`not-ca@${level}`);
    } else if (chance(0.03)) {
      ca.certSign = false;
      flaws.push(`no-cert-sign@${level}`);
    }
    if (chance(0.1)) {
      const below = level - 1;
      ca.pathLength = Math.max(0, below - (chance(0.5) ? 1 : 0));
      flaws.push(ca.pathLength < below ? `path-length@${level}` : `path-length-ok@${level}`);
    }
    if (chance(0.08)) {
      ca.eku = pick([[EKU.server], [EKU.client], [EKU.server, EKU.client]]);
      flaws.push(ca.eku.includes(EKU[role]) ? `ca-eku-ok@${level}` : `ca-eku@${level}`);
    }
    if (chance(0.1)) {
      const kind = pick(['inside', 'outside', 'excluded', 'ip'] as const);
      ca.nameConstraints = kind === 'inside' ? { permittedDns: [domain] } : kind === 'outside' ? { permittedDns: ['elsewhere.test'] } : kind === 'excluded' ? { excludedDns: [`web.${domain}`] } : { permittedIp: ['10.0.0.0/8'] };
      flaws.push(`name-constraints-${kind}@${level}`);
    }
    levels.push(ca);
  }

  // Ed25519 cannot sign with SHA-1: a signer of a SHA-1 flaw gets an RSA key instead.
  levels.forEach((level, i) => {
    const signer = levels[Math.min(i + 1, levels.length - 1)]!;
    if (level.hash === 'SHA-1' && signer.key === 'ed25519') levels[levels.indexOf(signer)] = { ...signer, key: 'rsa2048' };
  });
  let drop: number | null = null;
  let decoy: number | null = null;
  let older: number | null = null;
  if (depth > 0 && chance(0.08)) {
    drop = Math.floor(random() * depth);
    flaws.push(`missing-intermediate@${drop + 1}`);
  } else if (depth > 0 && chance(0.05)) {
    decoy = Math.floor(random() * depth);
    flaws.push(`wrong-key-intermediate@${decoy + 1}`);
  } else if (depth > 0 && chance(0.06)) {
    older = Math.floor(random() * depth);
    flaws.push(`expired-older-copy@${older + 1}`);
  }
  const stranger = chance(0.06);
  if (stranger) flaws.push('stranger-ca');
  const root = chance(0.2);
  if (root) flaws.push('root-in-input');
  const size = 1 + depth - (drop === null ? 0 : 1) + (older === null ? 0 : 1) + Number(stranger) + Number(root);
  let order: number[] | null = null;
  // Shuffled, unless an intermediate says CA:FALSE: Certwright takes the first non-CA certificate of an
  // input as its end entity, and a shuffled input could put that intermediate first.
  if (chance(0.1) && !flaws.some((f) => f.startsWith('not-ca@'))) {
    order = Array.from({ length: size }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    flaws.push('shuffled');
  }

  let host: string | null = null;
  if (role === 'server') {
    const draw = random();
    host = draw < 0.3 ? null : draw < 0.6 ? `svc.${domain}` : draw < 0.72 ? `a.web.${domain}` : draw < 0.8 ? `a.b.web.${domain}` : draw < 0.88 ? `other.${domain}` : pick(['10.1.2.3', '10.9.9.9']);
  }
  return { tag, role, host, levels, flaws, drop, decoy, older, stranger, root, order };
}

function buildRandom(pool: KeyPool, plan: RandomPlan, stranger: Made): DiffCase {
  const made = issueChain(pool, plan.levels);
  const leaf = made[0]!;
  const root = made.at(-1)!;
  const issuerOf = (intermediate: number) => made[intermediate + 2] ?? null;
  const intermediates: Made[] = [];
  for (const [i, real] of made.slice(1, -1).entries()) {
    if (i === plan.drop) continue;
    if (i === plan.decoy) intermediates.push(makeCertificate({ ...real.spec, key: 'p256' }, pool.key('p256', 0), issuerOf(i)));
    else if (i === plan.older) intermediates.push(makeCertificate({ ...real.spec, ...EXPIRED }, real.key, issuerOf(i)), real);
    else intermediates.push(real);
  }
  const input: Made[] = [leaf, ...intermediates, ...(plan.stranger ? [stranger] : []), ...(plan.root ? [root] : [])];
  return {
    name: `${plan.tag} ${plan.flaws.join(' ') || 'clean'}`,
    kind: 'random',
    input: (plan.order ? plan.order.map((i) => input[i]!) : input).map(plain),
    leaf: plain(leaf),
    peerTrust: [plain(root)],
    vault: [plain(root)],
    role: plan.role,
    host: plan.host,
    now: CORPUS_NOW,
    flaws: plan.flaws,
  };
}

/** `count` chains drawn from `seed`. */
export function randomCases(pool: KeyPool, count: number, seed: number): DiffCase[] {
  const random = prng(seed);
  const plans = Array.from({ length: count }, (_, i) => planRandom(i, random));
  const [stranger] = issueChain(pool, [caSpec('Stranger CA')]);
  return plans.map((plan) => buildRandom(pool, plan, stranger!));
}

// ---- Debian's system roots ----------------------------------------------------------------------

/**
 * Each root of the system bundle as a one-certificate input, twice: as `certwright inspect
 * ca-certificates.crt` reads it (no vault, no system store: a lone root, role any), and with the
 * system store on (then it is a trust anchor). Certwright does not judge a lone CA certificate as a
 * service certificate (its being untrusted is an info note), so the peers answer the question its
 * verdict answers — is this certificate sound as a root — by verifying it with itself as the trust
 * anchor, for any purpose, at the real time.
 */
export function systemRootCases(roots: ReadonlyArray<Pem & { readonly name: string }>, now: Date): DiffCase[] {
  return roots.flatMap((root) => {
    const base = { kind: 'system-root' as const, input: [root], leaf: root, peerTrust: [root], role: 'any' as const, host: null, now, flaws: [] };
    return [
      { ...base, name: `${root.name} (inspected alone)`, vault: [] },
      { ...base, name: `${root.name} (system store on)`, vault: [], system: roots },
    ];
  });
}
