/**
 * The bad-input corpus of issue 7, written by the tests into a temp dir. Each case is the
 * file's bytes (or a writer for the large ones) plus what the CLI must do with it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CorpusCase {
  name: string;
  file: string;
  /** Writes the file (into `dir`) and returns its path. */
  write(dir: string): string;
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

function bytesCase(name: string, file: string, bytes: () => Buffer): CorpusCase {
  return { name, file, write: (dir) => { const p = path.join(dir, file); fs.writeFileSync(p, bytes()); return p; } };
}

/** Ten rows of an ordinary numeric/categorical table, to give awkward columns company. */
function rows(n: number, row: (i: number) => string): string {
  let s = '';
  for (let i = 0; i < n; i++) s += row(i) + '\n';
  return s;
}

/** Strings that break viewers, spreadsheets, templates and terminals. */
export const HOSTILE_VALUES = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '[link](http://example.invalid) **bold**',
  '{{constructor}}',
  '<%= process %>',
  '=HYPERLINK("http://x","y")',
  '+44 20 7946 0000',
  '-2+3',
  '@SUM(A1:A2)',
  'bell\u0007tab\there',
  '\u202eevil\u202c',
  '\u200fright-to-left',
  'quote "inside", comma',
  'line\nbreak',
];

export const HOSTILE_NAMES = ['<b>bold</b>', '{{name}}', '=cmd', '@at', '\u202ertl', 'ctl\u0001x'];

export const CORPUS: CorpusCase[] = [
  bytesCase('empty file', 'empty.csv', () => Buffer.alloc(0)),
  bytesCase('header only', 'header-only.csv', () => utf8('a,b,c\n')),
  bytesCase('one row', 'one-row.csv', () => utf8('age,sex\n34,F\n')),
  bytesCase('1,000 columns', 'wide.csv', () => {
    const names = Array.from({ length: 1000 }, (_, j) => `c${j}`);
    return utf8(names.join(',') + '\n' + rows(30, (i) => names.map((_, j) => String((i * 7 + j * 13) % 50)).join(',')));
  }),
  bytesCase('2,001 columns (over the default limit)', 'too-wide.csv', () => {
    const names = Array.from({ length: 2001 }, (_, j) => `c${j}`);
    return utf8(names.join(',') + '\n' + names.map(() => '1').join(',') + '\n');
  }),
  {
    name: '1,000,000 distinct categories in one column',
    file: 'million-categories.csv',
    write(dir) {
      const p = path.join(dir, 'million-categories.csv');
      const fd = fs.openSync(p, 'w');
      fs.writeSync(fd, 'code,group\n');
      const parts: string[] = [];
      for (let i = 0; i < 1_000_000; i++) {
        parts.push(`K${(i * 7919) % 1_000_000},${'abc'[i % 3]}\n`);
        if (parts.length === 50_000) { fs.writeSync(fd, parts.join('')); parts.length = 0; }
      }
      fs.closeSync(fd);
      return p;
    },
  },
  {
    name: '1,000,000 distinct categories, not unique (over the category limit)',
    file: 'million-categories-repeated.csv',
    write(dir) {
      const p = path.join(dir, 'million-categories-repeated.csv');
      const fd = fs.openSync(p, 'w');
      fs.writeSync(fd, 'code,group\n');
      const parts: string[] = [];
      // 1,200,000 rows: every one of 1,000,000 codes, 200,000 of them twice (distinct ratio 0.83: categorical)
      for (let i = 0; i < 1_200_000; i++) {
        parts.push(`K${(i * 7919) % 1_000_000},${'abc'[i % 3]}\n`);
        if (parts.length === 50_000) { fs.writeSync(fd, parts.join('')); parts.length = 0; }
      }
      if (parts.length) fs.writeSync(fd, parts.join(''));
      fs.closeSync(fd);
      return p;
    },
  },
  bytesCase('all-missing column', 'all-missing.csv', () => utf8('x,empty\n' + rows(20, (i) => `${i},${['', 'NA', '?'][i % 3]}`))),
  bytesCase('constant column', 'constant.csv', () => utf8('x,k\n' + rows(20, (i) => `${i},7`))),
  bytesCase('ragged rows', 'ragged.csv', () => utf8('a,b,c\n1,2,3\n4,5\n6,7,8\n')),
  bytesCase('unterminated quote', 'unterminated.csv', () => utf8('a,b\n1,x\n2,"never closed\n3,y\n')),
  bytesCase('mixed line endings', 'mixed-eol.csv', () => utf8('a,b\r\n1,x\n2,y\r\n3,z\n4,w\r\n5,x\n')),
  bytesCase('NUL bytes', 'nul.csv', () => utf8('a,b\n1,x\u0000y\n2,z\n')),
  bytesCase('invalid UTF-8', 'bad-utf8.csv', () => Buffer.concat([utf8('name,n\nab'), Buffer.from([0xff, 0xfe, 0xc3]), utf8(',1\nxy,2\nzz,3\n')])),
  bytesCase('UTF-16LE without BOM', 'utf16-nobom.csv', () => Buffer.from('name,n\nalpha,1\nbeta,2\ngamma,3\n', 'utf16le')),
  bytesCase('-0 among decimals', 'negzero.csv', () => utf8('g,v\n' + rows(40, (i) => `${'ab'[i % 2]},${['-0.00', '1.50', '-2.25', '3.00', '0.00'][i % 5]}`))),
  bytesCase('1e309, NaN, Infinity among numbers', 'nonfinite.csv', () => utf8('g,v\n' + rows(40, (i) => `${'ab'[i % 2]},${['1e309', 'NaN', 'Infinity', '1.5', '-2.25', '3'][i % 6]}`))),
  bytesCase('date 31/02/2020 among dd/mm/yyyy dates', 'bad-date.csv', () => utf8('g,d\n' + rows(40, (i) => `${'ab'[i % 2]},${i === 5 ? '31/02/2020' : `${String(1 + (i % 10)).padStart(2, '0')}/03/2020`}`))),
  bytesCase('date 0000-00-00 among ISO dates', 'zero-date.csv', () => utf8('g,d\n' + rows(40, (i) => `${'ab'[i % 2]},${i === 3 ? '0000-00-00' : `2021-04-${String(1 + (i % 10)).padStart(2, '0')}`}`))),
  bytesCase('duplicate column names', 'dup-names.csv', () => utf8('a,b,a\n' + rows(10, (i) => `${i},x,${i * 2}`))),
  bytesCase('empty column name', 'empty-name.csv', () => utf8('a,,c\n' + rows(10, (i) => `${i},y,${i % 3}`))),
  bytesCase('hostile names and values', 'hostile.csv', () => {
    const q = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const names = ['id', ...HOSTILE_NAMES, 'hostile'];
    return utf8(names.map(q).join(',') + '\n' + rows(HOSTILE_VALUES.length * 3, (i) =>
      [String(i), ...HOSTILE_NAMES.map((_, j) => q(HOSTILE_VALUES[(i + j) % HOSTILE_VALUES.length])), q(HOSTILE_VALUES[i % HOSTILE_VALUES.length])].join(',')));
  }),
];
