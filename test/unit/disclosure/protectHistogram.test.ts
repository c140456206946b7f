import * as assert from 'node:assert/strict';
import { protectHistogram } from '../../../src/core/disclosure/protectEvaluation';
import type { DistanceHistogram } from '../../../src/core/evaluate/report';

/** Distance histograms in a release: no bin of a series about real records holds 1…k−1 rows. */
describe('protectHistogram: distance histograms in the release pack', function () {
  const rules = () => ({ k: 10, rounding: 5, controls: [] as any[] });

  it('merges a short last bin backwards until every series holds none or at least k (3 holdout rows at the far end)', function () {
    // Synthea conditions: the far bin held 3 holdout rows, and joining it to the (empty) bin before left 3, published as 5.
    const h: DistanceHistogram = {
      edges: [0, 0.26, 0.2925, 0.325, 0.65],
      series: [
        { label: 'synthetic', counts: [1865, 90, 25, 20] },
        { label: 'holdout', counts: [925, 0, 0, 3] },
        { label: 'random', counts: [25, 40, 45, 390] },
      ],
    };
    const out = protectHistogram(h, rules(), 'privacy.dcr.histogram');
    for (const s of out.series) for (const c of s.counts) assert.ok(c === 0 || c >= 10, `${s.label}: a count of ${c}`);
    assert.deepEqual(out.edges, [0, 0.65]);
    assert.deepEqual(out.series.map((s) => s.counts), [[2000], [930], [500]]);
  });

  it('keeps bins that already hold none or at least k of every series', function () {
    const h: DistanceHistogram = { edges: [0, 1, 2, 3], series: [{ label: 'synthetic', counts: [20, 0, 12] }, { label: 'holdout', counts: [10, 0, 30] }] };
    const out = protectHistogram(h, rules(), 'privacy.dcr.histogram');
    assert.deepEqual(out.edges, [0, 1, 2, 3]);
    assert.deepEqual(out.series.map((s) => s.counts), [[20, 0, 10], [10, 0, 30]]);
  });
});
