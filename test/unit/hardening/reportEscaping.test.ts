/**
 * Issue 7 item 3: evaluation.html carries the report as JSON inside a script element; no
 * character of the data may end that element or start markup, so every `<` (and `>`, `&`)
 * in the embedded JSON is escaped, and the JSON still parses back to the same report.
 */
import assert from 'node:assert/strict';
import { renderEvaluationHtml } from '../../../src/core/report';
import { makeReport, SCRIPT_COLUMN, XSS_COLUMN } from '../report/fixture';
import { HOSTILE_NAMES, HOSTILE_VALUES } from './corpus';

describe('hardening: evaluation.html escaping', () => {
  it('the embedded JSON has no raw <, > or & and parses back to the report', () => {
    const report = makeReport();
    const hostile = [...HOSTILE_NAMES, ...HOSTILE_VALUES, SCRIPT_COLUMN, XSS_COLUMN, '<!--', ']]>', '&lt;'];
    (report as unknown as { hardeningProbe: string[] }).hardeningProbe = hostile;
    const html = renderEvaluationHtml(report, { script: 'void 0', style: '' });
    const m = /<script type="application\/json" id="twin-report">([\s\S]*?)<\/script>/.exec(html);
    assert.ok(m, 'embedded report');
    const json = m[1];
    assert.ok(!/[<>&]/.test(json), 'raw <, > or & in the embedded JSON');
    // exactly one closing script tag per script element: the data cannot close it early
    assert.equal((html.match(/<\/script>/g) ?? []).length, 2);
    const back = JSON.parse(json) as { hardeningProbe: string[] };
    assert.deepEqual(back.hardeningProbe, hostile);
  });
});
