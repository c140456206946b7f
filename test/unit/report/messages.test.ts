import { strict as assert } from 'node:assert';
import { emptyDashboardState, isDashboardView, parseToHost } from '../../../src/protocol/messages';

describe('protocol: parseToHost', () => {
  it('accepts well-formed messages and returns them typed', () => {
    assert.deepEqual(parseToHost({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseToHost({ type: 'showView', view: 'ladder' }), { type: 'showView', view: 'ladder' });
    assert.deepEqual(parseToHost({ type: 'request', id: 1, method: 'updateColumn', params: { column: '<img src=x>', kind: 'exclude', excluded: true } }),
      { type: 'request', id: 1, method: 'updateColumn', params: { column: '<img src=x>', kind: 'exclude', excluded: true } });
    assert.deepEqual(parseToHost({ type: 'request', id: 2, method: 'exportHtml' }), { type: 'request', id: 2, method: 'exportHtml', params: {} });
    assert.deepEqual(parseToHost({ type: 'request', id: 4, method: 'signOff', params: { name: 'A. Checker', role: 'output checker' } }),
      { type: 'request', id: 4, method: 'signOff', params: { name: 'A. Checker', role: 'output checker' } });
    assert.deepEqual(parseToHost({ type: 'request', id: 5, method: 'runLadder', params: { rows: 1000, seed: 7 } }),
      { type: 'request', id: 5, method: 'runLadder', params: { rows: 1000, seed: 7 } });
    assert.deepEqual(parseToHost({ type: 'request', id: 6, method: 'decideLink', params: { link: 'a.x->b.y', decision: 'reject' } }),
      { type: 'request', id: 6, method: 'decideLink', params: { link: 'a.x->b.y', decision: 'reject' } });
    assert.deepEqual(parseToHost({ type: 'showView', view: 'links' }), { type: 'showView', view: 'links' });
  });

  it('rejects anything else', () => {
    const bad: unknown[] = [
      null, 'ready', [], { type: 'nope' }, { type: 'cancel', id: 3 }, { type: 'didChangeBusy', loading: true },
      { type: 'showView', view: 'settings' },
      { type: 'request', id: 1, method: 'deleteEverything', params: {} },
      { type: 'request', id: 1, method: 'updateColumn', params: { column: 'a', kind: 'exclude', excluded: 'yes' } },
      { type: 'request', id: 1, method: 'updateColumn', params: { column: 'a', kind: 'rename', to: 'b' } },
      { type: 'request', id: 1, method: 'setThreshold', params: { threshold: 0 } },
      { type: 'request', id: 1, method: 'setThreshold', params: { threshold: 2.5 } },
      { type: 'request', id: 1, method: 'signOff', params: { name: ' ', role: 'x' } },
      { type: 'request', id: 1, method: 'evaluate', params: { real: 42 } },
      { type: 'request', id: 1, method: 'runLadder', params: [] },
      { type: 'request', method: 'exportHtml', params: {} },
      { type: 'request', id: 1, method: 'decideLink', params: { link: 'a.x->b.y', decision: 'delete' } },
      { type: 'request', id: 1, method: 'decideLink', params: { link: '', decision: 'reject' } },
      { type: 'request', id: 1, method: 'decideLink', params: { link: 7, decision: 'confirm' } },
    ];
    for (const m of bad) assert.equal(parseToHost(m), null, JSON.stringify(m));
  });

  it('knows the views and builds an empty state', () => {
    assert.ok(isDashboardView('profile') && isDashboardView('evaluation') && isDashboardView('ladder') && isDashboardView('links'));
    assert.ok(!isDashboardView('Profile'));
    assert.deepEqual(emptyDashboardState('profile'), {
      view: 'profile', dataset: null, profile: null, metadataPath: null, evaluation: null, ladder: null, linked: null, loading: false, error: null, progress: null,
    });
  });
});
