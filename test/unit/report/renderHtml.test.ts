import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadWebviewAssets, renderEvaluationHtml, renderWebviewHtml, serializeJsonForHtml, sha256Source } from '../../../src/core/report';
import { isTwinError } from '../../../src/core/errors';
import { NOT_FOR_RELEASE } from '../../../src/core/evaluate/report';
import { buildWebviewBundle } from './bundle';
import { networkUrls } from './urls';
import { makeReport, SCRIPT_COLUMN, XSS_COLUMN } from './fixture';

/** The text of every inline element `<tag ...>text</tag>` whose opening tag matches `attrs`. */
function inlineBodies(html: string, tag: 'script' | 'style', attrs: RegExp): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}(\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'gi');
  for (let m = re.exec(html); m; m = re.exec(html)) if (attrs.test(m[1] ?? '')) out.push(m[2] as string);
  return out;
}

function cspOf(html: string): Map<string, string> {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'CSP meta present');
  return new Map(m[1]!.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...rest] = d.split(/\s+/);
    return [name as string, rest.join(' ')];
  }));
}

const b64sha = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

describe('renderEvaluationHtml', () => {
  it('allows exactly the inline script and style by their SHA-256 hashes', () => {
    const html = renderEvaluationHtml(makeReport(), { script: 'console.log("x < y && z > 1")', style: 'body { color: red; }' });
    const csp = cspOf(html);
    assert.equal(csp.get('default-src'), "'none'");
    assert.equal(csp.get('img-src'), 'data:');
    const scripts = inlineBodies(html, 'script', /^(?!.*application\/json).*$/s);
    const styles = inlineBodies(html, 'style', /.*/s);
    assert.equal(scripts.length, 1);
    assert.equal(styles.length, 1);
    assert.equal(csp.get('script-src'), `'sha256-${b64sha(scripts[0] as string)}'`);
    assert.equal(csp.get('style-src'), `'sha256-${b64sha(styles[0] as string)}'`);
    assert.equal(scripts[0], 'console.log("x < y && z > 1")');
    // The CSP comes before any script or style so it governs them.
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<style>'));
    assert.ok(!/unsafe-inline|unsafe-eval/.test(html));
  });

  it('embeds the real bundle with matching hashes and no network URL', async () => {
    const html = renderEvaluationHtml(makeReport(), loadWebviewAssets(await buildWebviewBundle()));
    const csp = cspOf(html);
    const [script] = inlineBodies(html, 'script', /^(?!.*application\/json).*$/s);
    const [style] = inlineBodies(html, 'style', /.*/s);
    assert.ok(script && script.length > 10000, 'bundle inlined');
    assert.ok(style && style.includes('--vscode-charts-blue'), 'stylesheet inlined');
    assert.equal(csp.get('script-src'), `'sha256-${b64sha(script)}'`);
    assert.equal(csp.get('style-src'), `'sha256-${b64sha(style)}'`);
    const urls = networkUrls(html);
    assert.deepEqual(urls, []);
    assert.ok(!/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i.test(html), 'no remote src/href');
    assert.ok(!/@import|url\(\s*["']?https?:/i.test(style), 'no remote CSS');
  });

  it('keeps hostile column names inside the JSON element and round-trips the report', () => {
    const report = makeReport();
    report.notes.push('line\u2028separator\u2029and <!-- comment --> & more');
    const html = renderEvaluationHtml(report, { script: '', style: '' });
    assert.ok(!html.includes(SCRIPT_COLUMN), 'raw </script> sequence absent');
    assert.ok(!html.includes(XSS_COLUMN), 'raw <img> markup absent');
    assert.ok(!html.includes('\u2028') && !html.includes('\u2029'));
    const [json] = inlineBodies(html, 'script', /type="application\/json" id="twin-report"/);
    assert.ok(json !== undefined);
    assert.ok(json.includes('\\u003c/script\\u003e\\u003cscript\\u003ealert(2)\\u003c/script\\u003e'));
    // The report round-trips, stamped not for release (renderEvaluationHtml writes the full evaluation).
    assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify({ ...report, release: NOT_FOR_RELEASE })));
    // Exactly three elements: the JSON, the app script, and nothing injected by data.
    assert.equal((html.match(/<script/g) ?? []).length, 2);
  });

  it('escapes the title and guards a bundle that contains </script>', () => {
    const report = makeReport();
    report.inputs.synthetic.file = '<b>twin</b>.csv';
    const script = 'var s = "</script><script>alert(3)</script>"; var c = "<!--";';
    const html = renderEvaluationHtml(report, { script, style: 'a::after { content: "</style>"; }' });
    assert.ok(html.includes('<title>Not for release — synthetic twin evaluation — &lt;b&gt;twin&lt;/b&gt;.csv</title>'));
    const [inline] = inlineBodies(html, 'script', /^(?!.*application\/json).*$/s);
    assert.equal(inline, 'var s = "<\\/script><script>alert(3)<\\/script>"; var c = "<\\!--";');
    // The escapes denote the same strings in JavaScript.
    assert.equal(new Function(`${inline}; return s + c;`)(), '</script><script>alert(3)</script><!--');
    assert.equal(cspOf(html).get('script-src'), `'${sha256Source(inline as string)}'`);
    assert.ok(!html.includes('content: "</style>"'));
  });
});

describe('serializeJsonForHtml', () => {
  it('escapes <, >, &, U+2028 and U+2029 and stays valid JSON', () => {
    const value = { s: '</script>&\u2028\u2029' };
    const out = serializeJsonForHtml(value);
    assert.equal(out, '{"s":"\\u003c/script\\u003e\\u0026\\u2028\\u2029"}');
    assert.deepEqual(JSON.parse(out), value);
  });
});

describe('renderWebviewHtml', () => {
  const opts = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'q1w2e3r4t5y6u7i8o9p0AA==', scriptUri: 'https://x/main.js?a=1&b=2', styleUri: 'https://x/main.css' };

  it('uses a nonce-only script policy and the extension as the only style source', () => {
    const html = renderWebviewHtml(opts);
    const csp = cspOf(html);
    assert.equal(csp.get('default-src'), "'none'");
    assert.equal(csp.get('script-src'), `'nonce-${opts.nonce}'`);
    assert.equal(csp.get('style-src'), opts.cspSource);
    assert.equal(csp.get('img-src'), `${opts.cspSource} data:`);
    assert.ok(html.includes(`<script nonce="${opts.nonce}" src="https://x/main.js?a=1&amp;b=2"></script>`));
    assert.ok(html.includes('<link rel="stylesheet" href="https://x/main.css">'));
    assert.ok(!/unsafe-inline|unsafe-eval|vscode-resource:/.test(csp.get('script-src') ?? ''));
  });

  it('rejects a nonce that could break out of the policy', () => {
    assert.throws(() => renderWebviewHtml({ ...opts, nonce: "abc'; script-src *" }), /nonce/);
    assert.throws(() => renderWebviewHtml({ ...opts, nonce: 'short' }), /nonce/);
  });
});

describe('loadWebviewAssets', () => {
  it('reads main.js and main.css from the folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-assets-'));
    fs.writeFileSync(path.join(dir, 'main.js'), 'let a = 1;');
    fs.writeFileSync(path.join(dir, 'main.css'), 'p{}');
    assert.deepEqual(loadWebviewAssets(dir), { script: 'let a = 1;', style: 'p{}' });
  });

  it('names the missing bundle in a one-line input error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-assets-'));
    try {
      loadWebviewAssets(dir);
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(isTwinError(e) && e.kind === 'input');
      assert.equal(e.message, `${path.join(dir, 'main.js')}: dashboard bundle not found; build it with \`npm run build\``);
    }
  });
});
