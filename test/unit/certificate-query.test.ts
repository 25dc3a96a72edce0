/**
 * The certificate list kept in main (issue 14, "Scale"): the paged index answers exactly what the
 * whole list used to show — same rows, same order, same counts — for every filter, sort, chip,
 * pinned certificate and window, and keeps doing so as the inventory changes.
 *
 * The reference is the list as the renderer computed it before (test/support/list-reference.ts,
 * kept verbatim). First over a generated inventory of plain summaries (the pure index in
 * shared/domain/certificate-query.ts), then through the real vault and router with a few hundred
 * real certificates (electron/services/inventory.ts): issuing, revoking, renewing, another process
 * writing, and the clock moving on all show in the next window.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import type { CertificateSummary } from '../../shared/domain/certificate.js';
import { CertificateListIndex, SORT_DIRECTIONS, SORT_KEYS, ValueRanks, type SortState, type TableView } from '../../shared/domain/certificate-query.js';
import { DEFAULT_EXPIRY_SETTINGS } from '../../shared/domain/expiry.js';
import { canRevoke } from '../../shared/domain/revocation.js';
import type { Input } from '../../shared/ipc/contract.js';
import { buildDashboard } from '../../electron/services/dashboard.js';
import { openBackend } from '../support/backend.js';
import { seedCertificates, syntheticCertificates } from '../support/inventory.js';
import * as reference from '../support/list-reference.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const ids = (list: readonly CertificateSummary[]) => list.map((c) => c.id);
const SORTS: SortState[] = SORT_KEYS.flatMap((key) => SORT_DIRECTIONS.map((direction) => ({ key, direction })));

type View = Omit<TableView, 'now'>;

/** The reference's index and sorted rows of a list, made once per list and order. */
const referenceIndexes = new WeakMap<readonly CertificateSummary[], { index: reference.TableIndex; sorted: Map<string, reference.TableRow[]> }>();
function referenceSorted(list: readonly CertificateSummary[], sort: SortState): reference.TableRow[] {
  let entry = referenceIndexes.get(list);
  if (!entry) referenceIndexes.set(list, (entry = { index: reference.indexCertificates(list), sorted: new Map() }));
  const name = `${sort.key}:${sort.direction}`;
  let sorted = entry.sorted.get(name);
  if (!sorted) entry.sorted.set(name, (sorted = reference.sortRows(entry.index, sort)));
  return sorted;
}

/** What the whole list showed for `view` in `sort`'s order (`withKey` is new: those with a key, in the same order). */
function expected(list: readonly CertificateSummary[], view: View, sort: SortState, now: Date): CertificateSummary[] {
  const shown = reference.selectRows(referenceSorted(list, sort), { ...view, now });
  return view.withKey ? shown.filter((c) => c.hasPrivateKey) : shown;
}

/** The facets: those passing the text and the chip (and withKey), whatever the status choice and the hiding. */
function expectedFacets(list: readonly CertificateSummary[], view: View, now: Date) {
  const base = expected(list, { ...view, status: 'all', showRetired: true, pinnedId: null }, { key: 'notAfter', direction: 'ascending' }, now);
  const status = { valid: 0, expired: 0, 'not-yet-valid': 0, revoked: 0 };
  const profile = { server: 0, client: 0, peer: 0, ca: 0 };
  for (const c of base) {
    status[c.status]++;
    profile[c.profile]++;
  }
  return { status, profile };
}

/** Checks every window of `view`/`sort` (and paging through all of it) against the reference. */
async function checkView(index: CertificateListIndex, list: readonly CertificateSummary[], view: View, sort: SortState, now: Date, label: string) {
  const want = expected(list, view, sort, now);
  const full = { ...view, now };
  const first = await index.query(full, sort, 0, 500);
  assert.equal(first.matching, want.length, `${label}: matching`);
  assert.equal(first.total, list.length, `${label}: total`);
  assert.equal(first.retired, list.filter(reference.isRetired).length, `${label}: retired`);
  assert.equal(first.revocable, want.filter((c) => canRevoke(c.revocation)).length, `${label}: revocable`);
  const pinnedAt = view.pinnedId ? want.findIndex((c) => c.id === view.pinnedId) : -1;
  assert.equal(first.pinnedIndex, pinnedAt < 0 ? null : pinnedAt, `${label}: pinned index`);
  assert.deepEqual(first.facets, expectedFacets(list, view, now), `${label}: facets`);
  for (const [offset, limit] of [
    [0, 500],
    [1, 200],
    [199, 2],
    [200, 200],
    [777, 13],
    [Math.max(0, want.length - 3), 200],
    [want.length, 50],
    [want.length + 5, 50],
    [0, 0],
  ] as const) {
    const w = await index.query(full, sort, offset, limit);
    assert.equal(w.offset, offset);
    assert.deepEqual(ids(w.rows), ids(want.slice(offset, offset + limit)), `${label}: window ${offset}+${limit}`);
  }
  // Paging through, as the view does as it scrolls: the pages fit together into the whole list.
  const paged: CertificateSummary[] = [];
  for (let offset = 0; offset < want.length; offset += 200) paged.push(...(await index.query(full, sort, offset, 200)).rows);
  assert.deepEqual(ids(paged), ids(want), `${label}: pages`);
  assert.deepEqual(ids(await index.matching(full, sort)), ids(want), `${label}: matching()`);
  const selection = await index.select(full, sort);
  const revocable = want.filter((c) => canRevoke(c.revocation));
  assert.deepEqual(selection.ids, ids(revocable), `${label}: select ids`);
  assert.deepEqual(selection.renewable, ids(revocable.filter((c) => c.revocation === null && c.replacedById === null)), `${label}: select renewable`);
}

function viewsFor(list: readonly CertificateSummary[]): Array<[string, View]> {
  const retired = list.find((c) => reference.isRetired(c) && c.status === 'revoked')!;
  const live = list.find((c) => !reference.isRetired(c))!;
  const sample = list[1234 % list.length]!;
  const base: View = { query: '', status: 'all', showRetired: false };
  return [
    ['default', base],
    ['show retired', { ...base, showRetired: true }],
    ['text: CN', { ...base, query: 'orders' }],
    ['text: CN, case', { ...base, query: 'ORDERS-1' }],
    ['text: issuer', { ...base, query: 'partner', showRetired: true }],
    ['text: IDN, Unicode', { ...base, query: 'bücher' }],
    ['text: IDN, A-label', { ...base, query: 'xn--bcher', showRetired: true }],
    ['text: serial with colons', { ...base, query: sample.serialNumberHex.slice(6, 20) }],
    ['text: fingerprint with spaces', { ...base, query: sample.sha256Fingerprint.slice(30, 53).replace(/:/g, ' '), showRetired: true }],
    ['text: nothing', { ...base, query: 'zz-nothing-here' }],
    ['status revoked', { ...base, status: 'revoked' }],
    ['status expired', { ...base, status: 'expired' }],
    ['status valid, retired shown', { ...base, status: 'valid', showRetired: true }],
    ['status not yet valid', { ...base, status: 'not-yet-valid' }],
    ['chip: expiring 30', { ...base, filter: { expiringWithinDays: 30 } }],
    ['chip: expiring 7, retired shown', { ...base, filter: { expiringWithinDays: 7 }, showRetired: true }],
    ['chip: revoked', { ...base, filter: { status: 'revoked' } }],
    ['chip: expiring 90 and valid, text', { ...base, filter: { expiringWithinDays: 90, status: 'valid' }, query: 'pay' }],
    ['chip: expired, status valid', { ...base, filter: { status: 'expired' }, status: 'valid' }],
    ['chip: issued by one CA', { ...base, filter: { authorityId: sample.authorityId } }],
    ['chip: issued by one CA, text, retired shown', { ...base, filter: { authorityId: sample.authorityId }, query: 'pay', showRetired: true }],
    ['pinned retired', { ...base, pinnedId: retired.id }],
    ['pinned retired, other text', { ...base, pinnedId: retired.id, query: 'search' }],
    ['pinned live', { ...base, pinnedId: live.id }],
    ['with key', { ...base, withKey: true }],
    ['with key, text, retired shown', { ...base, withKey: true, query: 'bill', showRetired: true }],
  ];
}

describe('the paged index answers what the whole list showed (3,000 generated certificates)', () => {
  const list = syntheticCertificates(3000, NOW);
  const index = new CertificateListIndex();
  before(() => index.reset(list));

  for (const [label, view] of viewsFor(list)) {
    test(label, async () => {
      for (const sort of SORTS) await checkView(index, list, view, sort, NOW, `${label}, ${sort.key} ${sort.direction}`);
    });
  }

  test('a keystroke at a time, forwards and back, in any order (answers narrowed from the ones before)', async () => {
    const sample = list[777]!;
    const typed = (text: string) => Array.from({ length: text.length + 1 }, (_, i) => text.slice(0, i));
    const sequences = [typed('payments-1'), typed(sample.serialNumberHex.slice(0, 14)), typed(sample.sha256Fingerprint.slice(9, 30).replace(/:/g, ' ')), typed('0a1b2'), typed('xn--bc')];
    for (const sequence of sequences) {
      for (const query of [...sequence, ...[...sequence].reverse(), ...sequence]) {
        for (const [view, sort] of [
          [{ query, status: 'all', showRetired: false }, SORTS[0]!],
          [{ query, status: 'revoked', showRetired: false, filter: { expiringWithinDays: 400 } }, SORTS[11]!],
          [{ query, status: 'all', showRetired: true, withKey: true }, SORTS[0]!],
        ] as Array<[View, SortState]>) {
          const w = await index.query({ ...view, now: NOW }, sort, 0, 5000);
          assert.deepEqual(ids(w.rows), ids(expected(list, view, sort, NOW)), `${JSON.stringify(view)} ${sort.key}`);
        }
      }
    }
  });

  test('a list that did not change is not taken again; one that did moves the revision on', async () => {
    const revision = index.revision;
    assert.equal(await index.reset([...list]), false);
    assert.equal(index.revision, revision);
  });
});

describe('the index keeps answering as the inventory changes', () => {
  const now = NOW;
  const views = (list: readonly CertificateSummary[]) => viewsFor(list).filter(([label]) => ['default', 'show retired', 'text: CN', 'status revoked', 'chip: expiring 30', 'pinned retired', 'with key'].includes(label));

  test('revoked, replaced, added (a few and many, in the middle and at the end), removed', async () => {
    // Paused as main pauses (between stretches of sorting), to show nothing depends on running through.
    const index = new CertificateListIndex({ pause: () => new Promise((resolve) => setImmediate(resolve)), sliceMs: 1 });
    let list = syntheticCertificates(2000, now);
    await index.reset(list);
    // Warm every key: the changes below then go through the insertion path of the ranks.
    await index.warm();
    const more = syntheticCertificates(2600, new Date(now.getTime() + 3_600_000)).slice(2000);
    const steps: Array<[string, (l: CertificateSummary[]) => CertificateSummary[]]> = [
      ['revoke five, replace three', (l) => l.map((c, i) => (i % 400 === 10 ? { ...c, status: 'revoked', revocation: { reason: 'superseded', revokedAt: now.toISOString(), invalidityDate: null } } : i % 600 === 11 ? { ...c, replacedById: 'e'.repeat(32) } : c))],
      ['three new at the end, new names', (l) => [...l, ...more.slice(0, 3).map((c) => ({ ...c, subject: { commonName: `zeta-${c.id.slice(-4)}` }, id: `b${c.id.slice(1)}` }))]],
      ['two in the middle', (l) => [...l.slice(0, 700), ...more.slice(3, 5), ...l.slice(700)]],
      ['six hundred more (ranks sorted again)', (l) => [...l, ...more.slice(5)]],
      ['some removed', (l) => l.filter((_, i) => i % 97 !== 0)],
    ];
    for (const [label, change] of steps) {
      const revision = index.revision;
      list = change(list);
      assert.equal(await index.reset(list), true, label);
      assert.ok(index.revision > revision, `${label}: the revision moves on`);
      for (const [viewLabel, view] of views(list)) {
        for (const sort of SORTS) await checkView(index, list, view, sort, now, `${label} / ${viewLabel}, ${sort.key} ${sort.direction}`);
      }
    }
  });

  test('queries while the list changes under them answer for the list as it is when they answer', async () => {
    const index = new CertificateListIndex({ pause: () => new Promise((resolve) => setImmediate(resolve)), sliceMs: 0 });
    const first = syntheticCertificates(1500, now);
    await index.reset(first);
    const pending = index.query({ query: '', status: 'all', showRetired: true, now }, { key: 'commonName', direction: 'ascending' }, 0, 50);
    const second = syntheticCertificates(1800, now).map((c) => ({ ...c, subject: { commonName: `re-${c.subject.commonName}` } }));
    await index.reset(second);
    const answer = await pending;
    assert.equal(answer.total, second.length);
    assert.deepEqual(ids(answer.rows), ids(expected(second, { query: '', status: 'all', showRetired: true }, { key: 'commonName', direction: 'ascending' }, now).slice(0, 50)));
  });
});

describe('ranks kept by value', () => {
  test('values taken in a few at a time or all at once rank as a full sort does', async () => {
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    const words = Array.from({ length: 3000 }, (_, i) => [`svc-${i % 700}`, `Svc-${i % 300}`, `äpfel-${i % 50}`, `apfel-${i % 60}`, `${i % 11}`, ''][i % 6]!);
    const reference = (values: readonly string[]) => {
      const unique = [...new Set(values)].sort(collator.compare);
      const rank = new Map<string, number>();
      let r = 0;
      unique.forEach((v, i) => {
        if (i > 0 && collator.compare(unique[i - 1]!, v) !== 0) r++;
        rank.set(v, r);
      });
      return rank;
    };
    const ranks = new ValueRanks(collator.compare);
    const seen: string[] = [];
    // Small additions take the insertion path, the 1000-word one sorts again.
    for (const size of [1, 5, 40, 1000, 3, 200, 1751]) {
      const chunk = words.splice(0, size);
      seen.push(...chunk);
      await ranks.include(chunk, () => new Promise((resolve) => setImmediate(resolve)), 0);
      const want = reference(seen);
      for (const v of seen) assert.equal(ranks.rankOf(v), want.get(v), `${JSON.stringify(v)} after ${seen.length}`);
      assert.equal(ranks.groups, new Set(want.values()).size);
    }
  });
});

describe('the dashboard in one pass shows the figures the sorts and filters showed', () => {
  const authority = (id: string, over: Partial<AuthoritySummary>): AuthoritySummary => ({
    id,
    kind: 'root',
    state: 'active',
    parentId: null,
    subject: { commonName: `CA ${id.slice(-1)}` },
    subjectDn: `CN=CA ${id.slice(-1)}`,
    keyAlgorithm: 'p256',
    serialNumberHex: '01',
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: new Date(NOW.getTime() + 100 * 86_400_000).toISOString(),
    sha256Fingerprint: 'AB',
    pathLength: null,
    nameConstraints: null,
    settings: { defaultValidityDays: 30, crlUrl: null, ocspUrl: null, caIssuersUrl: null, crlNextUpdateDays: 7 },
    counts: { issued: 0, revoked: 0, expiring: 0 },
    revocation: null,
    remoteId: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...over,
  });

  test('counts, windows, timeline, blast radius, recent issues and revocations', () => {
    const [a0, a1, a2] = [0, 1, 2].map((i) => i.toString(16).padStart(32, 'a'));
    const authorities = [authority(a0!, {}), authority(a1!, { kind: 'intermediate', parentId: a0!, notAfter: new Date(NOW.getTime() + 30 * 86_400_000).toISOString() }), authority(a2!, { notAfter: new Date(NOW.getTime() + 900 * 86_400_000).toISOString() })];
    for (const size of [0, 7, 5000]) {
      const input: reference.DashboardInput = {
        now: NOW,
        settings: DEFAULT_EXPIRY_SETTINGS,
        backup: { lastBackupAt: null, reminderDays: 30, overdue: false },
        authorities,
        certificates: syntheticCertificates(size, NOW),
        crls: new Map([[a0!, { nextUpdate: null, revocations: 3 }]]),
      };
      const want = reference.referenceDashboard(input);
      assert.deepEqual(buildDashboard(input), want, `${size} certificates`);
      // With the index's effective expiries in ms (what main passes): the same.
      assert.deepEqual(buildDashboard({ ...input, effectiveNotAfterMs: Float64Array.from(input.certificates, (c) => Date.parse(c.effectiveNotAfter)) }), want, `${size} certificates, expiries given`);
    }
  });
});

describe('the renderer asks for windows, never for the whole list', () => {
  test('no renderer code calls certificate.list', async () => {
    const root = new URL('../../renderer/', import.meta.url);
    const files = (await readdir(root, { recursive: true })).filter((f) => /\.tsx?$/.test(f));
    assert.ok(files.length > 50);
    const callers: string[] = [];
    for (const file of files) {
      const text = await readFile(new URL(file, root), 'utf8');
      if (/(call|useList)\(\s*'certificate\.list'/.test(text)) callers.push(file);
    }
    assert.deepEqual(callers, []);
  });
});

// ---- Through the real vault and router ------------------------------------------------------------

describe('certificate.query through the real vault and router (a few hundred real certificates)', () => {
  let dir: string;
  let clock = Date.now();
  const now = () => new Date(clock);
  const saved: string[] = [];
  let backend: ReturnType<typeof openBackend>;
  let rootId: string;
  let intermediateId: string;

  /** The whole list as certificate.list gives it, through the reference, against the same clock. */
  const whole = async () => backend.call('certificate.list');
  const query = (input: Partial<Input<'certificate.query'>>) => backend.call('certificate.query', input);

  /** Every page of the query, limit `limit`, concatenated. */
  async function paged(input: Partial<Input<'certificate.query'>>, limit: number) {
    const rows: CertificateSummary[] = [];
    for (let offset = 0; ; offset += limit) {
      const w = await query({ ...input, offset, limit });
      rows.push(...w.rows);
      if (offset + limit >= w.matching) return { rows, window: w };
    }
  }

  async function agrees(label: string) {
    const list = await whole();
    const views = viewsFor(list).filter(([viewLabel]) => !viewLabel.startsWith('text: IDN') && !viewLabel.startsWith('text: serial') && !viewLabel.startsWith('text: fingerprint'));
    const serial = list[5]!.serialNumberHex;
    views.push(['serial', { query: serial.slice(3, 14), status: 'all', showRetired: true }]);
    for (const [viewLabel, view] of views) {
      for (const sort of [SORTS[0]!, SORTS[3]!, SORTS[9]!, SORTS[10]!, SORTS[11]!, SORTS[13]!]) {
        const want = expected(list, view, sort, now());
        const input = { query: view.query, status: view.status, showRetired: view.showRetired, filter: view.filter ?? null, pinnedId: view.pinnedId ?? null, withKey: view.withKey ?? false, sort };
        const { rows, window } = await paged(input, 37);
        assert.deepEqual(ids(rows), ids(want), `${label} / ${viewLabel}, ${sort.key} ${sort.direction}`);
        assert.equal(window.total, list.length);
        assert.deepEqual(rows, want, `${label} / ${viewLabel}: the same summaries`);
      }
    }
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certwright-query-'));
    backend = openBackend(join(dir, 'vault'), {
      now,
      dialogs: {
        chooseSaveFile: async ({ defaultName }) => {
          const path = join(dir, `${saved.length}-${defaultName}`);
          saved.push(path);
          return path;
        },
        chooseFolder: async () => null,
        chooseOpenFile: async () => null,
      },
    });
    await backend.call('vault.create', { passphrase: 'query test passphrase' });
    rootId = (await backend.call('authority.createRoot', { subject: { commonName: 'Query Root CA' } })).id;
    intermediateId = (await backend.call('authority.createIntermediate', { parentId: rootId, subject: { commonName: 'Query Issuing CA' }, validityDays: 200 })).authority.id;
    await seedCertificates(backend.services, rootId, 300, { name: (i) => (i % 9 === 0 ? `Svc-${i}` : `svc-${i}`) });
    await backend.call('certificate.issueBulk', { authorityId: intermediateId, profile: 'server', serviceNames: Array.from({ length: 40 }, (_, i) => `api-${i}.example`) });
    const list = await whole();
    const api = list.filter((c) => c.subject.commonName.startsWith('api-'));
    await backend.call('certificate.revoke', { ids: [api[0]!.id, api[1]!.id], reason: 'keyCompromise' });
    await backend.call('certificate.revoke', { ids: [api[2]!.id], reason: 'certificateHold' });
    await backend.call('certificate.renew', { ids: [api[3]!.id, api[4]!.id] });
  });

  after(async () => {
    backend?.vault.lock();
    await rm(dir, { recursive: true, force: true });
  });

  test('every view and order, paged, is the whole list as it was shown', async () => {
    await agrees('seeded');
  });

  test('an issuance, a revocation and a renewal show in the next query', async () => {
    const before = await query({ showRetired: true });
    const issued = await backend.call('certificate.issue', { authorityId: intermediateId, profile: 'server', subject: { commonName: 'fresh.example' }, sans: [{ type: 'dns', value: 'fresh.example' }] });
    const after = await query({ showRetired: true, query: 'fresh.example' });
    assert.ok(after.revision > before.revision, 'the revision moved on');
    assert.equal(after.total, before.total + 1);
    assert.deepEqual(ids(after.rows), [issued.certificate.id]);

    await backend.call('certificate.revoke', { ids: [issued.certificate.id], reason: 'keyCompromise' });
    assert.equal((await query({ query: 'fresh.example' })).matching, 0, 'revoked for good: hidden');
    const revoked = await query({ query: 'fresh.example', status: 'revoked' });
    assert.deepEqual(ids(revoked.rows), [issued.certificate.id]);
    assert.equal(revoked.rows[0]!.status, 'revoked');

    const target = (await query({ query: 'api-10.example' })).rows[0]!;
    const renewed = await backend.call('certificate.renew', { ids: [target.id] });
    const shown = await query({ query: 'api-10.example' });
    assert.deepEqual(ids(shown.rows), [renewed.renewed[0]!.certificate.id], 'the replaced one is retired, the new one listed');
    assert.equal((await query({ query: 'api-10.example', showRetired: true })).matching, 2);
    await agrees('after issue, revoke, renew');
  });

  test('another process writing the vault shows in the next query', async () => {
    const other = openBackend(join(dir, 'vault'), { now });
    await other.call('vault.unlock', { passphrase: 'query test passphrase' });
    const issued = await other.call('certificate.issue', { authorityId: rootId, profile: 'client', subject: { commonName: 'from-the-cli' } });
    other.vault.lock();
    assert.deepEqual(ids((await query({ query: 'from-the-cli' })).rows), [issued.certificate.id]);
  });

  test('the clock moving on changes statuses: expired ones leave the list, not-yet-valid ones become valid', async () => {
    const soon = (await query({ sort: { key: 'notAfter', direction: 'ascending' }, limit: 5 })).rows[0]!;
    const notYet = (await query({ status: 'not-yet-valid', limit: 1 })).rows[0]!;
    assert.equal(notYet.status, 'not-yet-valid');
    clock = Math.max(Date.parse(soon.notAfter), Date.parse(notYet.notBefore)) + 1000;
    assert.equal((await query({ query: soon.subject.commonName, status: 'expired' })).rows.find((c) => c.id === soon.id)?.status, 'expired');
    assert.equal((await backend.call('certificate.summaries', { ids: [notYet.id] }))[0]!.status, 'valid');
    await agrees('a few days later');
  });

  test('select: the matching revocable ones, of those given; summaries: those asked for, in order', async () => {
    const list = await whole();
    const view = { query: 'api-', showRetired: true } as const;
    const want = expected(list, { query: 'api-', status: 'all', showRetired: true }, { key: 'notAfter', direction: 'ascending' }, now()).filter((c) => canRevoke(c.revocation));
    const all = await backend.call('certificate.select', view);
    assert.deepEqual(all.ids, ids(want));
    assert.deepEqual(all.renewable, ids(want.filter((c) => c.revocation === null && c.replacedById === null)));
    const some = [want[2]!.id, want[0]!.id, list.find((c) => c.subject.commonName === 'svc-1')!.id];
    assert.deepEqual((await backend.call('certificate.select', { ...view, among: some })).ids, [want[0]!.id, want[2]!.id], 'only the given ones the view shows');
    assert.deepEqual(ids(await backend.call('certificate.summaries', { ids: [some[2]!, some[0]!] })), [some[2], some[0]]);
    const expiring = await backend.call('certificate.summaries', { expiringWithinDays: 30 });
    const limit = now().getTime() + 30 * 86_400_000;
    assert.deepEqual(ids(expiring), ids(list.filter((c) => c.replacedById === null && c.revocation === null && Date.parse(c.notAfter) > now().getTime() && Date.parse(c.effectiveNotAfter) <= limit)));
  });

  test('the export takes the list as shown: its filters and its order', async () => {
    const shown = { query: 'svc-1', status: 'all', showRetired: false, filter: null, pinnedId: null, withKey: false, sort: { key: 'commonName', direction: 'descending' } } as const;
    const want = (await paged(shown, 100)).rows;
    const result = await backend.call('certificate.exportList', { format: 'csv', shown });
    assert.equal(result.cancelled, false);
    const lines = (await readFile(result.paths[0]!, 'utf8')).trimEnd().split('\r\n').slice(1);
    assert.deepEqual(
      lines.map((line) => line.split(',')[0]),
      ids(want),
    );
  });

  test('the dashboard comes from the index: the figures the old sorts and filters gave', async () => {
    const [board, authorities, list] = [await backend.call('dashboard.get'), await backend.call('authority.list'), await whole()];
    const crls = new Map(authorities.map((a) => [a.id, { nextUpdate: backend.services.revoking.latest(a.id)?.nextUpdate ?? null, revocations: backend.vault.revocations(a.id).entries.size }] as const));
    const want = reference.referenceDashboard({ now: now(), settings: backend.vault.appSettings().expiry, backup: backend.vault.backupStatus(), authorities, certificates: list, crls });
    assert.deepEqual(board, want);
  });

  test('inputs are checked: window size, offsets, text length, unknown fields', async () => {
    const refusedWith = async (input: unknown) => {
      const result = await backend.router.invoke('certificate.query', input, { url: 'app://certwright/index.html', isMainFrame: true, isOwnWindow: true });
      assert.equal(result.ok, false, JSON.stringify(input).slice(0, 80));
      return result.ok ? '' : result.error.code;
    };
    assert.equal(await refusedWith({ limit: 501 }), 'INVALID_INPUT');
    assert.equal(await refusedWith({ offset: -1 }), 'INVALID_INPUT');
    assert.equal(await refusedWith({ offset: 1.5 }), 'INVALID_INPUT');
    assert.equal(await refusedWith({ query: 'x'.repeat(201) }), 'INVALID_INPUT');
    assert.equal(await refusedWith({ sort: { key: 'createdAt', direction: 'ascending' } }), 'INVALID_INPUT');
    assert.equal(await refusedWith({ pinnedId: '../etc' }), 'INVALID_INPUT');
    assert.equal(await refusedWith({ everything: true }), 'INVALID_INPUT');
    assert.equal(await refusedWith({ filter: { expiringWithinDays: -1 } }), 'INVALID_INPUT');
  });

  test('a locked vault answers VAULT_LOCKED, and what the index held is dropped', async () => {
    await backend.call('vault.lock');
    await assert.rejects(query({}), (e: Error & { code?: string }) => e.code === 'VAULT_LOCKED');
    assert.equal((await backend.services.inventory.current().catch(() => null)) === null, true);
    await backend.call('vault.unlock', { passphrase: 'query test passphrase' });
    assert.equal((await query({ showRetired: true })).total, (await whole()).length);
  });
});
