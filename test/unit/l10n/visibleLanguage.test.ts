import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkLanguage } from '../../integration/suite/visibleLanguage';

/** The matcher the integration suite's language pass uses on each dashboard view's visible text. */
describe('l10n: which language a view shows (integration helper)', () => {
  const CATALOGUE: Record<string, string> = {
    'Rows': 'Rhesi',
    'Real': 'Go iawn',
    'Metadata: {0}': 'Metadata: {0}',
    'Synthetic Twin': 'Gefell Synthetig',
    '{0} of {1}': '{0} o {1}',
    'Run “Synthetic Twin: Profile Dataset” on a data file to see its columns here.': 'Rhedwch “Synthetic Twin: Profile Dataset” ar ffeil ddata i weld ei cholofnau yma.',
    '{0} rare categories merged into “{1}”.': '{0} categori prin wedi\'u cyfuno yn “{1}”.',
    'Exclude {0} from the twin': 'Eithrio {0} o\'r gefell',
  };

  it('finds Welsh messages, templates filled, and no English in a Welsh view', () => {
    const seen = checkLanguage(['Rhesi', 'Eithrio age o\'r gefell', '3 categori prin wedi\'u cyfuno yn “Other”.', '120', 'age'], CATALOGUE, 'cy');
    assert.deepEqual(seen.expected, ['Exclude {0} from the twin', 'Rows', '{0} rare categories merged into “{1}”.']);
    assert.deepEqual(seen.other, []);
  });

  it('names each English message left in a Welsh view', () => {
    const seen = checkLanguage(['Rhesi', 'Real', 'Exclude age from the twin', 'Synthetic Twin · profile'], CATALOGUE, 'cy');
    assert.deepEqual(seen.expected, ['Rows']);
    assert.deepEqual(seen.other, ['Exclude {0} from the twin', 'Real', 'Synthetic Twin']);
  });

  it('counts an English message composed into a line (table cells, " · ", sentences), not a few words of a longer sentence', () => {
    const seen = checkLanguage(['Rhesi\tExclude age from the twin', 'Rhesi · Synthetic Twin', 'The Synthetic Twin project makes twins.'], CATALOGUE, 'cy');
    assert.deepEqual(seen.other, ['Exclude {0} from the twin', 'Synthetic Twin']);
    assert.equal(seen.where['Synthetic Twin'], 'Rhesi · Synthetic Twin');
    assert.deepEqual(seen.unmatched, ['Rhesi\tExclude age from the twin', 'The Synthetic Twin project makes twins.']);
  });

  it('reads text as drawn, in capitals where the stylesheet upper-cases it', () => {
    const seen = checkLanguage(['GEFELL SYNTHETIG', 'REAL'], CATALOGUE, 'cy');
    assert.deepEqual(seen.expected, ['Synthetic Twin']);
    assert.deepEqual(seen.other, ['Real']);
  });

  it('does not take a placeholder for a clause, nor a word in another case for the message', () => {
    const seen = checkLanguage(['Column "x" was left out (identifier: twins replace identifiers with fakes, so rows are compared on the rest).',
      'Upper bound, not a measured risk: without real records held out from the twin, the attack succeeds on 7 of 12 columns'], { ...CATALOGUE, 'Identifier: {0}': 'Dynodydd: {0}', '{0} of {1} columns': '{0} o {1} colofn' }, 'cy');
    assert.deepEqual(seen.other, []);
    // A bracketed clause of a longer English sentence is not the template "{0} and {1} percentiles";
    // the template itself, composed into a table cell, still is.
    const percentiles = { '{0} and {1} percentiles': 'canraddau {0} a {1}' };
    assert.deepEqual(checkLanguage(['age\ttop-bottom-coding\tbounds at least 10 records in from each end (and no nearer than the 1st and 99th percentiles), moved'], percentiles, 'cy').other, []);
    assert.deepEqual(checkLanguage(['age\t1st and 99th percentiles'], percentiles, 'cy').other, ['{0} and {1} percentiles']);
  });

  it('does not count English quoted inside a Welsh message (a command title) as English', () => {
    const seen = checkLanguage(['Rhedwch “Synthetic Twin: Profile Dataset” ar ffeil ddata i weld ei cholofnau yma.'], CATALOGUE, 'cy');
    assert.equal(seen.expected.length, 1);
    assert.deepEqual(seen.other, []);
  });

  it('takes a single word only as a whole segment, and skips pairs that read the same and short templates', () => {
    // "Real" inside a sentence or a data value, "Metadata: x" (the same in both), "3 of 4" (too few letters).
    const seen = checkLanguage(['Real estate', 'Metadata: /tmp/a.json', '3 of 4'], CATALOGUE, 'cy');
    assert.deepEqual(seen, { expected: [], other: [], where: {}, unmatched: [] });
  });

  it('hands back the sentences the catalogue does not hold, for a person to read', () => {
    const seen = checkLanguage(['Rhesi', 'Eithrio age o\'r gefell', 'The twin keeps the shape of every column.', 'age group'], CATALOGUE, 'cy');
    assert.deepEqual(seen.unmatched, ['The twin keeps the shape of every column.']);
  });

  it('works the other way round for an English view', () => {
    const seen = checkLanguage(['Rows', 'Exclude age from the twin', 'Go iawn', 'Gefell Synthetig'], CATALOGUE, 'en');
    assert.deepEqual(seen.expected, ['Exclude {0} from the twin', 'Rows']);
    assert.deepEqual(seen.other, ['Real', 'Synthetic Twin']);
  });

  it('runs over the real catalogue: every Welsh message is found in a Welsh page made of the catalogue itself', () => {
    const welsh = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../l10n/bundle.l10n.cy.json'), 'utf8')) as Record<string, string>;
    const page = Object.values(welsh).map((cy) => cy.replace(/\{\w+\}/g, 'x'));
    const seen = checkLanguage(page, welsh, 'cy');
    assert.deepEqual(seen.other, []);
    assert.ok(seen.expected.length > 300, `${seen.expected.length} found`);
  });
});
