import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { availableParallelism } from 'node:os';
import { threadsFor } from '../../../src/core/threads';

const ROOT = path.join(__dirname, '..', '..', '..');
const json = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;

describe('threads: one unless told, 0 for every core (issue 17)', () => {
  it('nothing means one thread (the profile every machine gives), 0 every core of the machine (at least one); a count is kept as given', () => {
    assert.equal(threadsFor(undefined, 8), 1);
    assert.equal(threadsFor(0, 8), 8);
    assert.equal(threadsFor(0, 0), 1);
    assert.equal(threadsFor(3, 8), 3);
    assert.equal(threadsFor(1, 16), 1);
    assert.equal(threadsFor(undefined, 0), 1);
    assert.equal(threadsFor(0), availableParallelism());
  });

  it('the editor declares syntheticTwin.threads (a whole number, 1 by default, 0 = every core) with an English and a Welsh description', () => {
    const pkg = json('package.json') as { contributes: { configuration: { properties: Record<string, { type: string; default: number; minimum: number; markdownDescription: string }> } } };
    const setting = pkg.contributes.configuration.properties['syntheticTwin.threads'];
    assert.deepEqual({ type: setting.type, default: setting.default, minimum: setting.minimum }, { type: 'integer', default: 1, minimum: 0 });
    const key = setting.markdownDescription.replace(/^%|%$/g, '');
    const en = json('package.nls.json')[key] as string;
    const cy = json('package.nls.cy.json')[key] as string;
    assert.match(en, /every core/);
    assert.match(cy, /pob craidd/);
    assert.notEqual(cy, en);
  });
});
