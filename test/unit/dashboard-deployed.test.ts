/** The dashboard's "Deployed" panel in words (issue 19): its state, the counts by health, the findings as sentences. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEPLOYED_MAX_FINDINGS, NO_DEPLOYED, type DeployedSummary, type WatchFinding } from '../../shared/domain/watch.js';
import { msg } from '../../shared/i18n/message.js';
import { i18n } from '../../renderer/i18n/instance.js';
import { deployedState, deployedSub, findingRows, findingsCut, healthCells, quietSentence } from '../../renderer/views/dashboard/deployed.js';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const renewed: WatchFinding = { id: 'renewed-not-deployed', severity: 'error', text: msg('watch:finding.renewedNotDeployed', { date: '3 Dec' }) };
const soon: WatchFinding = { id: 'expires-soon', severity: 'warning', text: msg('watch:finding.expiresSoon', { count: 12, date: '19 Dec 2026' }) };
const order: WatchFinding = { id: 'chain-order', severity: 'warning', text: msg('watch:finding.chainOrder') };
const iso = (s: string) => `at ${s}`;

function summary(health: Partial<DeployedSummary['health']>, findings: DeployedSummary['findings'] = [], lastRoundAt: string | null = '2026-12-07T10:00:00.000Z'): DeployedSummary {
  const h = { ...NO_DEPLOYED.health, ...health };
  return { watched: h.ok + h.warning + h.error + h.unprobed, health: h, findings, lastRoundAt };
}

describe('deployed panel model', () => {
  test('nothing watched is the invitation, not "all clear"', () => {
    assert.equal(deployedState(NO_DEPLOYED), 'empty');
    assert.equal(quietSentence(NO_DEPLOYED), null);
    assert.equal(deployedSub(NO_DEPLOYED, iso), undefined);
  });

  test('its state: findings, clear (all or so far), not probed yet', () => {
    assert.equal(deployedState(summary({ ok: 1, error: 1 }, [{ endpointId: A, target: 'a.test:443', finding: renewed }])), 'findings');
    // Counted errors with no listed finding still are not "clear".
    assert.equal(deployedState(summary({ ok: 1, error: 1 })), 'findings');
    assert.equal(deployedState(summary({ ok: 3 })), 'clear');
    assert.equal(quietSentence(summary({ ok: 3 })), 'All 3 endpoints serve what they should.');
    assert.equal(quietSentence(summary({ ok: 1 })), 'The endpoint serves what it should.');
    assert.equal(quietSentence(summary({ ok: 2, unprobed: 1 })), 'Nothing found on the 2 endpoints probed so far.');
    assert.equal(deployedState(summary({ unprobed: 2 }, [], null)), 'unprobed');
    assert.equal(quietSentence(summary({ unprobed: 2 }, [], null)), 'Nothing probed yet: probe them now in Endpoints.');
  });

  test('counts by health, worst first, calm when zero', () => {
    const cells = healthCells(summary({ ok: 4, warning: 1, error: 0, unprobed: 2 }));
    assert.deepEqual(
      cells.map((c) => [c.health, c.count, c.tone, c.label]),
      [
        ['error', 0, 'clear', 'Need action'],
        ['warning', 1, 'warning', 'Warnings'],
        ['ok', 4, 'neutral', 'Serving as expected'],
        ['unprobed', 2, 'neutral', 'Not probed yet'],
      ],
    );
    assert.equal(healthCells(summary({ error: 2 }))[0]!.tone, 'urgent');
  });

  test('findings are sentences with their endpoint, in the order given, each keyed apart', () => {
    const rows = findingRows(
      summary({ error: 1, warning: 1 }, [
        { endpointId: A, target: 'api.test:443', finding: renewed },
        { endpointId: A, target: 'api.test:443', finding: order },
        { endpointId: B, target: '[::1]:8443', finding: soon },
      ]),
    );
    assert.deepEqual(
      rows.map((r) => [r.target, r.sentence, r.tone, r.severity, r.endpointId]),
      [
        ['api.test:443', 'Renewed on 3 Dec, still serving the old one: reload the service.', 'urgent', 'Error', A],
        ['api.test:443', 'The chain is served out of order.', 'warning', 'Warning', A],
        ['[::1]:8443', 'The served chain expires in 12 days (19 Dec 2026).', 'warning', 'Warning', B],
      ],
    );
    assert.equal(new Set(rows.map((r) => r.key)).size, 3);
  });

  test('the line under the title: how many are watched and when last probed', () => {
    assert.equal(deployedSub(summary({ ok: 1 }), iso), '1 endpoint watched, last probed at 2026-12-07T10:00:00.000Z.');
    assert.equal(deployedSub(summary({ unprobed: 5 }, [], null), iso), '5 endpoints watched, not probed yet.');
  });

  test('a cut list says so', () => {
    const many = Array.from({ length: DEPLOYED_MAX_FINDINGS }, (_, i) => ({ endpointId: A, target: `h${i}.test:443`, finding: renewed }));
    assert.equal(findingsCut(summary({ error: 30 }, many)), true);
    assert.equal(findingsCut(summary({ error: 1 }, many.slice(0, 1))), false);
  });

  test('in Chinese', async () => {
    await i18n.changeLanguage('zh-CN');
    try {
      const s = summary({ error: 1, ok: 2 }, [{ endpointId: A, target: 'api.test:443', finding: renewed }]);
      assert.equal(healthCells(s)[0]!.label, '需要处理');
      assert.equal(deployedSub(s, iso), '监视 3 个端点，上次探测于 at 2026-12-07T10:00:00.000Z。');
      assert.match(findingRows(s)[0]!.sentence, /\p{Script=Han}/u);
      assert.equal(quietSentence(summary({ ok: 2 })), '全部 2 个端点都提供了应有的证书。');
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});
