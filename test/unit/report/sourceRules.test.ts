import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('dashboard source rules', () => {
  const files = [...sources(path.join(ROOT, 'webview')), path.join(ROOT, 'src/protocol/messages.ts')];

  it('never parses strings as markup or code', () => {
    const banned = /\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|\beval\(|new Function\(|setAttribute\(\s*['"]style['"]/;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      assert.ok(!banned.test(text), `${path.relative(ROOT, f)} uses ${banned.exec(text)?.[0]}`);
    }
  });

  it('loads nothing from the network and keeps the protocol free of vscode and DOM', () => {
    for (const f of [...files, path.join(ROOT, 'media/dashboard.css')]) {
      const text = fs.readFileSync(f, 'utf8');
      const urls = (text.match(/https?:\/\/[^\s'"`)]*/g) ?? []).filter((u) => u !== 'http://www.w3.org/2000/svg');
      assert.deepEqual(urls, [], path.relative(ROOT, f));
      assert.ok(!/\bfetch\(|XMLHttpRequest|WebSocket|EventSource|@import|url\(/.test(text), path.relative(ROOT, f));
    }
    const protocol = fs.readFileSync(path.join(ROOT, 'src/protocol/messages.ts'), 'utf8');
    assert.ok(!/from 'vscode'|\bdocument\.|\bwindow\./.test(protocol));
  });
});
