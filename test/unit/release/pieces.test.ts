import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  checkTemplate, defaultTemplatesDir, escapeMarkdown, escapePythonString, escapeRString, ldmlToStrptime, loadTemplates,
  mergeKeepRegions, readKeepRegions, REQUIRED_FIELDS, TEMPLATE_NAMES,
} from '../../../src/core/release';
import { isTwinError } from '../../../src/core/errors';
import { tempDir } from './helpers';

describe('release: Markdown escaping', () => {
  it('neutralises links, HTML, template syntax, table breaks and emphasis', () => {
    assert.equal(escapeMarkdown('[click](http://evil.example)'), '\\[click\\](http\\://evil.example)');
    assert.equal(escapeMarkdown('<script>alert(1)</script>'), '&lt;script&gt;alert(1)&lt;/script&gt;');
    assert.equal(escapeMarkdown('{{level}} <% x %>'), '\\{\\{level\\}\\} &lt;% x %&gt;');
    assert.equal(escapeMarkdown('a|b'), 'a\\|b');
    assert.equal(escapeMarkdown('*bold* `code` ~x~ $m$ #1 !['), '\\*bold\\* \\`code\\` \\~x\\~ \\$m\\$ \\#1 \\!\\[');
    assert.equal(escapeMarkdown('www.evil.example'), 'www\\.evil.example');
    assert.equal(escapeMarkdown('<!-- /twin:keep:purpose -->'), '&lt;\\!-- /twin:keep:purpose --&gt;');
    assert.equal(escapeMarkdown('AT&T'), 'AT&amp;T');
  });

  it('keeps underscores inside words and escapes them at word edges', () => {
    assert.equal(escapeMarkdown('length_of_stay'), 'length_of_stay');
    assert.equal(escapeMarkdown('_private_'), '\\_private\\_');
  });

  it('puts a quote before a leading formula character and flattens line breaks', () => {
    assert.equal(escapeMarkdown('=HYPERLINK("x")'), `'=HYPERLINK("x")`);
    assert.equal(escapeMarkdown('-1+1'), "'-1+1");
    // A plain number is a figure, not a formula: rendered as the number it is (no '-41865.27 in a data card).
    assert.equal(escapeMarkdown('-41865.27'), '-41865.27');
    assert.equal(escapeMarkdown(-0.5), '-0.5');
    assert.equal(escapeMarkdown('@cmd'), "'@cmd");
    assert.equal(escapeMarkdown('a\nb\r\nc'), 'a b c');
    assert.equal(escapeMarkdown(12.5), '12.5');
    assert.equal(escapeMarkdown(null), '');
  });
});

describe('release: code-string escaping', () => {
  it('escapes quotes, backslashes, line breaks, braces and non-ASCII for Python', () => {
    assert.equal(escapePythonString('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
    assert.equal(escapePythonString('{{x}}'), '\\u007b\\u007bx\\u007d\\u007d');
    assert.equal(escapePythonString('°C'), '\\u00b0C');
    assert.equal(escapePythonString('😀'), '\\U0001f600');
    assert.equal(escapePythonString('# twin:keep:x'), '\\u0023 twin:keep:x');
  });

  it('uses R\'s \\u{...} escapes', () => {
    assert.equal(escapeRString('a"b'), 'a\\"b');
    assert.equal(escapeRString('°'), '\\u{b0}');
    assert.equal(escapeRString("it's"), "it\\'s");
  });
});

describe('release: LDML date patterns to strptime', () => {
  it('converts the supported letters for Python and R', () => {
    assert.equal(ldmlToStrptime('yyyy-MM-dd', 'python'), '%Y-%m-%d');
    assert.equal(ldmlToStrptime('dd/MM/yyyy HH:mm', 'r'), '%d/%m/%Y %H:%M');
    assert.equal(ldmlToStrptime('dd-MMM-yyyy', 'python'), '%d-%b-%Y');
    assert.equal(ldmlToStrptime('dd-NNN-yyyy', 'r'), '%d-%b-%Y');
    assert.equal(ldmlToStrptime('d MMMM yyyy h:mm a', 'python'), '%d %B %Y %I:%M %p');
    assert.equal(ldmlToStrptime("yyyy-MM-dd'T'HH:mm:ss'Z'", 'python'), '%Y-%m-%dT%H:%M:%SZ');
    assert.equal(ldmlToStrptime("yyyy'%'MM", 'python'), '%Y%%%m');
  });

  it('writes fractional seconds as %f (Python) and %OS (R)', () => {
    assert.equal(ldmlToStrptime('yyyy-MM-dd HH:mm:ss.SSS', 'python'), '%Y-%m-%d %H:%M:%S.%f');
    assert.equal(ldmlToStrptime('yyyy-MM-dd HH:mm:ss.SSS', 'r'), '%Y-%m-%d %H:%M:%OS');
  });
});

describe('release: keep-regions', () => {
  const fresh = 'Title v2\n<!-- twin:keep:purpose -->\ndefault purpose\n<!-- /twin:keep:purpose -->\nmore v2\n<!-- twin:keep:notes -->\ndefault notes\n<!-- /twin:keep:notes -->\n';

  it('puts back the text a person wrote and regenerates the rest', () => {
    const old = 'Title v1\n<!-- twin:keep:purpose -->\nMy own purpose | with [text]\n<!-- /twin:keep:purpose -->\nmore v1\n';
    const merged = mergeKeepRegions(fresh, old, 'html');
    assert.equal(merged, 'Title v2\n<!-- twin:keep:purpose -->\nMy own purpose | with [text]\n<!-- /twin:keep:purpose -->\nmore v2\n<!-- twin:keep:notes -->\ndefault notes\n<!-- /twin:keep:notes -->\n');
  });

  it('keeps regions the new template no longer has at the end', () => {
    const old = '<!-- twin:keep:gone -->\nstill mine\n<!-- /twin:keep:gone -->\n';
    const merged = mergeKeepRegions(fresh, old, 'html');
    assert.ok(merged.startsWith(fresh));
    assert.match(merged, /<!-- twin:keep:gone -->\nstill mine\n<!-- \/twin:keep:gone -->\n$/);
  });

  it('reads hash-comment regions in code', () => {
    const code = 'x = 1\n# twin:keep:analysis\nprint(x)\n# /twin:keep:analysis\n';
    assert.deepEqual([...readKeepRegions(code, 'hash')], [['analysis', '\nprint(x)\n']]);
    const regenerated = 'x = 2\n# twin:keep:analysis\n# your code\n# /twin:keep:analysis\n';
    assert.equal(mergeKeepRegions(regenerated, code, 'hash'), 'x = 2\n# twin:keep:analysis\nprint(x)\n# /twin:keep:analysis\n');
  });

  it('returns the fresh text when there is no previous file', () => {
    assert.equal(mergeKeepRegions(fresh, null, 'html'), fresh);
  });
});

describe('release: templates', () => {
  it('finds the built-in templates and each uses its required fields', () => {
    const dir = defaultTemplatesDir();
    assert.ok(fs.existsSync(path.join(dir, 'EULA.md')));
    const loaded = loadTemplates(null, dir);
    assert.deepEqual(loaded.map((t) => t.name), [...TEMPLATE_NAMES]);
    assert.ok(loaded.every((t) => !t.overridden));
  });

  it('reports a required field an override misses, by name', () => {
    const dir = tempDir('tpl');
    const text = '# Licence for {{dataset.name}}\n{{custodian}} {{contact}} {{version}} {{date}}\n';
    fs.writeFileSync(path.join(dir, 'EULA.md'), text);
    assert.throws(() => loadTemplates(dir), (e: unknown) => isTwinError(e) && e.kind === 'input' && e.message.includes('{{level}}') && e.message.includes(path.join(dir, 'EULA.md')));
  });

  it('accepts a required field used inside its section', () => {
    const required = REQUIRED_FIELDS['DATA_CARD.md'];
    assert.ok(required.includes('provenance.seed'));
    const text = '{{dataset.name}} {{level}} {{method}} {{date}} {{#columns}}{{name}}{{/columns}} {{#provenance}}{{sourceSha256}} {{toolVersion}} {{seed}}{{/provenance}}';
    checkTemplate('DATA_CARD.md', text, 'DATA_CARD.md');
  });

  it('reports a template that does not parse', () => {
    assert.throws(() => checkTemplate('EULA.md', '{{#level}} unclosed', 'EULA.md'), /does not parse/);
  });
});
