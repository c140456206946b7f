import { strict as assert } from 'node:assert';
import { tableSections } from '../../../src/core/audit/auditDataset';

describe('audit: a linked pack\'s documents read table by table', () => {
  it('splits a data card by its "## Table <name>" sections, keeping line numbers; other headings end a section', () => {
    const text = [
      '# Data card', // 1
      'about all tables', // 2
      '## Table patients', // 3
      'Female, Male', // 4
      '### a subsection', // 5
      'still patients', // 6
      '## Table imaging\\_studies', // 7  (a Markdown escape in the name)
      'Chest', // 8
      '## Disclosure control', // 9
      'k = 10', // 10
      '## Table not\\_a\\_table', // 11
      'stays common', // 12
    ].join('\n');
    const { common, sections } = tableSections(text, ['patients', 'imaging_studies', 'payers']);
    assert.deepEqual([...sections.keys()], ['patients', 'imaging_studies']);
    const lines = (s: string) => s.split('\n').map((l, i) => (l ? i + 1 : 0)).filter((n) => n > 0);
    assert.deepEqual(lines(sections.get('patients')!), [3, 4, 5, 6]);
    assert.deepEqual(lines(sections.get('imaging_studies')!), [7, 8]);
    assert.deepEqual(lines(common), [1, 2, 9, 10, 11, 12]);
    assert.equal(common.split('\n').length, 12);
  });

  it('reads a Welsh pack\'s "## Tabl <name>" sections the same way, and not "## Tablau …"', () => {
    const text = ['# Cerdyn data', '## Tablau a chysylltiadau', 'patients', '## Tabl patients', 'Benyw, Gwryw', '## Rheoli datgelu', 'k = 10'].join('\n');
    const { common, sections } = tableSections(text, ['patients', 'a']);
    assert.deepEqual([...sections.keys()], ['patients']);
    assert.equal(sections.get('patients')!.split('\n').filter((l) => l).join('|'), '## Tabl patients|Benyw, Gwryw');
    assert.equal(common.split('\n').filter((l) => l).join('|'), '# Cerdyn data|## Tablau a chysylltiadau|patients|## Rheoli datgelu|k = 10');
  });
});
