import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as iconv from 'iconv-lite';
import { openDataset, writeDataset } from '../../../src/core/io';
import type { ColumnSpec, DelimitedDialect, Table } from '../../../src/core/schema';
import { asTextTables, tempDir, textSpecs } from './helpers';

const dir = tempDir('roundtrip');
let n = 0;

/** Reads a file and writes it back in its own dialect; returns the bytes written. */
async function roundTrip(bytes: Buffer, ext = '.csv'): Promise<{ out: Buffer; dialect: DelimitedDialect }> {
  const src = path.join(dir, `in${n}${ext}`);
  const dst = path.join(dir, `out${n++}${ext}`);
  fs.writeFileSync(src, bytes);
  const source = await openDataset(src);
  const specs = textSpecs(source);
  const res = await writeDataset(dst, { dialect: source.dialect, columns: specs }, asTextTables(source, specs));
  const out = fs.readFileSync(dst);
  assert.equal(res.bytes, out.length);
  return { out, dialect: source.dialect as DelimitedDialect };
}

const cases: [string, Buffer][] = [
  ['minimal quoting', Buffer.from('id,text,n\n1,"a, b",2.5\n2,"say ""hi""",\n3,"two\nlines",7\n4,plain,8\n')],
  ['all quoted', Buffer.from('"id","text"\n"1","a"\n"2",""\n"3","c,d"\n')],
  ['R write.csv (nonnumeric, bare NA)', Buffer.from('"label","age","date"\n"Stranded",50,"29/12/2020"\n"Not Stranded",NA,"01/01/2021"\n"x",NA,NA\n')],
  ['CRLF', Buffer.from('a,b\r\n1,"x\r\ny"\r\n2,z\r\n')],
  ['no final newline', Buffer.from('a,b\n1,2\n3,4')],
  ['UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('naïve,b\né,1\n')])],
  ['UTF-16LE BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name,note\nZoë,£5\n', 'utf16le')])],
  ['UTF-16BE no BOM', iconv.encode('name,note\nZoë,£5\nAl,"x,y"\n', 'utf-16be')],
  ['Windows-1252', Buffer.from('word,phrase\nMañana,Mañana £5\n', 'latin1')],
  ['", " separators with ? missing', Buffer.from('age,workclass,income\n39, State-gov, <=50K\n50, ?, >50K\n')],
  ['", " separators with quoted fields', Buffer.from('a,b,c\n1, "x, y", 2\n3, z, "q""uote"\n')],
  ['tabs', Buffer.from('a\tb\n1\tx y\n2\t\n')],
  ['semicolons, decimal commas', Buffer.from('a;b\n1,5;2,25\n3,0;4,75\n')],
  ['single column', Buffer.from('v\n1\n2\n3\n')],
  ['no header', Buffer.from('1,2.5,x\n3,4.5,y\n')],
  ['header only', Buffer.from('a,b,c\n')],
];

describe('io: read → write round trip gives identical bytes', () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [label, bytes] of cases) {
    it(label, async () => {
      const { out } = await roundTrip(bytes);
      assert.equal(out.toString('hex'), bytes.toString('hex'));
    });
  }

  it('formats typed columns with the source formats', async () => {
    const columns: ColumnSpec[] = [
      { name: 'when', type: 'date', format: { kind: 'date', pattern: 'dd-MMM-yyyy' } },
      { name: 'amount', type: 'numeric', format: { kind: 'number', decimals: 2, thousands: true } },
      { name: 'flag', type: 'boolean', format: { kind: 'boolean', trueToken: 'Y', falseToken: 'N' } },
      { name: 'code', type: 'identifier', format: { kind: 'string' } },
    ];
    const table: Table = {
      rowCount: 3,
      columns: [
        { spec: columns[0], data: { kind: 'number', values: Float64Array.from([Date.UTC(2020, 11, 29), NaN, Date.UTC(1999, 0, 1)]) } },
        { spec: columns[1], data: { kind: 'number', values: Float64Array.from([1234.5, -0.5, NaN]) } },
        { spec: columns[2], data: { kind: 'category', codes: Int32Array.from([0, 1, -1]), categories: ['Y', 'N'] } },
        { spec: columns[3], data: { kind: 'string', values: ['007', null, 'A,1'] } },
      ],
    };
    const dialect: DelimitedDialect = {
      kind: 'delimited', delimiter: ',', quote: '"', quoting: 'nonnumeric', quotedColumns: ['code'], spaceAfterDelimiter: false,
      header: true, headerQuoted: false, lineEnding: '\r\n', encoding: 'utf-8', bom: false, finalNewline: true, missingToken: 'NA',
    };
    const dst = path.join(dir, 'typed.csv');
    const res = await writeDataset(dst, { dialect, columns }, [table]);
    assert.equal(res.rows, 3);
    assert.equal(fs.readFileSync(dst, 'utf8'),
      'when,amount,flag,code\r\n29-Dec-2020,"1,234.50",Y,"007"\r\nNA,-0.50,N,NA\r\n01-Jan-1999,NA,NA,"A,1"\r\n');
  });
});
