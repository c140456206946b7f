import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasStackTrace, tempDir, twin } from './helpers';

/**
 * Issue 14's "Done when": `twin review` + `twin release --metadata` give a pack whose twin lacks
 * the excluded columns and whose checklist names the sign-off; metadata whose sign-off no longer
 * holds is refused unless --allow-unsigned.
 */
describe('twin review, and generate/release from reviewed metadata', function () {
  this.timeout(300_000);
  const dir = tempDir('review');
  const data = path.join(dir, 'adm.csv');
  const metadata = path.join(dir, 'adm.metadata.json');
  const reviewed = path.join(dir, 'reviewed.json');
  const signed = path.join(dir, 'signed.json');
  const ok = (args: string[], cwd?: string) => {
    const r = twin(args, { cwd });
    assert.equal(r.status, 0, r.stderr);
    return r;
  };
  const fails = (args: string[], status: number, pattern: RegExp) => {
    const r = twin(args);
    assert.equal(r.status, status, `exit ${r.status}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.equal(hasStackTrace(r.stderr), false, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    return r;
  };
  const json = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
  const header = (file: string) => fs.readFileSync(file, 'utf8').split('\n')[0].split(',');
  const line = (text: string, title: string) => text.split('\n').find((l) => l.startsWith('- ') && l.includes(`**${title}`)) ?? '';

  before(() => {
    ok(['sample', '--rows', '1500', '--seed', '3', '--out', data, '--quiet']);
    ok(['profile', data, '--out', metadata, '--quiet']);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('records exclusions on metadata alone, never writing its input, and withdraws nothing that was not signed', () => {
    const before = fs.readFileSync(metadata);
    const r = ok(['review', metadata, '--exclude', 'notes', '--exclude', 'bmi', '--out', reviewed, '--quiet']);
    assert.deepEqual(fs.readFileSync(metadata), before, 'the input is unchanged');
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.decisions, ['excluded from the twin and the pack: bmi, notes']);
    assert.equal(out.signOff, null);
    const m = json(reviewed);
    assert.deepEqual(m.columns.filter((c: { excluded?: boolean }) => c.excluded).map((c: { name: string }) => c.name), ['bmi', 'notes']);
    assert.deepEqual(m.decisions.excluded, ['bmi', 'notes']);
    assert.equal(m.signOff, undefined);
  });

  it('refuses to write over its input, a type change without the data, and --sign-off without a name', () => {
    fails(['review', metadata, '--exclude', 'notes', '--out', metadata], 1, /metadata\.json/);
    fails(['review', metadata, '--type', 'age=categorical', '--out', path.join(dir, 'x.json')], 1, /changing a column's type re-summarises columns from the data: give the data file too/);
    fails(['review', metadata, '--sign-off', '--role', 'R', '--out', path.join(dir, 'x.json')], 2, /--sign-off needs --name and --role/);
    fails(['review', metadata, '--exclude', 'no_such', '--out', path.join(dir, 'x.json')], 1, /no_such.*no such column|no such column.*no_such/);
    assert.equal(fs.existsSync(path.join(dir, 'x.json')), false);
  });

  it('re-summarises a type change and an identifier mark from the data file', () => {
    const typed = path.join(dir, 'typed.json');
    ok(['review', metadata, '--type', 'age=categorical', '--identifier', 'ward_code', '--data', data, '--out', typed, '--quiet']);
    const m = json(typed);
    const col = (name: string) => m.columns.find((c: { name: string }) => c.name === name);
    assert.equal(col('age').type, 'categorical');
    assert.ok(Array.isArray(col('age').categories));
    assert.equal(col('ward_code').type, 'identifier');
    assert.equal(col('sex').type, json(metadata).columns.find((c: { name: string }) => c.name === 'sex').type);
  });

  it('refuses unsigned reviewed metadata for generate and release unless --allow-unsigned', () => {
    fails(['release', data, '--level', 'statistical', '--metadata', reviewed, '--dir', path.join(dir, 'unsigned-pack'), '--quiet'], 1, /the reviewed metadata is not signed off: sign it off first, or explicitly allow unsigned metadata/);
    fails(['generate', data, '--level', 'statistical', '--metadata', reviewed, '--out', path.join(dir, 't.csv'), '--quiet'], 1, /not signed off/);
    assert.equal(fs.existsSync(path.join(dir, 'unsigned-pack')), false, 'nothing written');
    ok(['generate', data, '--level', 'statistical', '--metadata', reviewed, '--out', path.join(dir, 't.csv'), '--allow-unsigned', '--quiet']);
    assert.deepEqual(header(path.join(dir, 't.csv')).filter((c) => c === 'bmi' || c === 'notes'), []);
  });

  it('signs off; the release pack honours the exclusions everywhere and its checklist names the sign-off and the decisions', () => {
    const r = ok(['review', reviewed, '--sign-off', '--name', 'Dr A. Reviewer', '--role', 'Output checker', '--note', 'checked the types', '--out', signed, '--quiet']);
    const s = JSON.parse(r.stdout).signOff;
    assert.equal(s.name, 'Dr A. Reviewer');
    assert.match(s.date, /^\d{4}-\d\d-\d\d$/);
    const pack = path.join(dir, 'pack');
    ok(['release', data, '--level', 'statistical', '--metadata', signed, '--dir', pack, '--custodian', 'Northshire NHS Trust', '--contact', 'a@b.example', '--quiet']);
    const twinHeader = header(path.join(pack, 'adm.synthetic.csv'));
    assert.deepEqual(twinHeader.filter((c) => c === 'bmi' || c === 'notes'), []);
    assert.ok(twinHeader.includes('age') && twinHeader.includes('sex'));
    // The pack's metadata.json: the reviewed metadata and its sign-off; an excluded column by name, type and format only.
    const released = json(path.join(pack, 'metadata.json'));
    assert.equal(released.signOff.name, 'Dr A. Reviewer');
    assert.deepEqual(released.decisions.excluded, ['bmi', 'notes']);
    const bmi = released.columns.find((c: { name: string }) => c.name === 'bmi');
    assert.deepEqual(Object.keys(bmi).sort(), ['disclosure', 'excluded', 'format', 'name', 'type']);
    assert.equal((released.associations?.pairs ?? []).some((p: { columns: string[] }) => p.columns.includes('bmi') || p.columns.includes('notes')), false);
    assert.equal(released.controls.some((c: { column?: string; control: string }) => c.column === 'bmi' && c.control !== 'column-excluded'), false);
    // evaluation.json names no excluded column anywhere (its "part": "notes" is a section, not the column).
    const named: string[] = [];
    const walk = (v: unknown, key: string): void => {
      if (typeof v === 'string' && key !== 'part' && (v === 'bmi' || v === 'notes')) named.push(`${key}: ${v}`);
      else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(json(path.join(pack, 'evaluation.json')), '');
    assert.deepEqual(named, [], 'no excluded column in evaluation.json');
    const recipe = json(path.join(pack, 'adm.twin.json'));
    assert.deepEqual(Object.keys(recipe.metadata.columns.find((c: { name: string }) => c.name === 'bmi')).sort(), ['disclosure', 'excluded', 'format', 'name', 'type']);
    const checklist = fs.readFileSync(path.join(pack, 'RELEASE_CHECKLIST.md'), 'utf8');
    const signedLine = line(checklist, 'Metadata signed off');
    assert.match(signedLine, /^- ✅ .*Dr A\. Reviewer \(Output checker\) on \d{4}-\d\d-\d\d/);
    assert.match(signedLine, /excluded from the twin and the pack: bmi, notes/);
    assert.match(signedLine, /checked the types/);
    // Inside the TRE (the pack's recipe names its source by file name, found from the data's
    // folder), the recipe in the pack reproduces the twin byte for byte.
    const again = path.join(dir, 'again.csv');
    ok(['generate', '--recipe', path.join(pack, 'adm.twin.json'), '--out', again, '--quiet'], dir);
    assert.deepEqual(fs.readFileSync(again), fs.readFileSync(path.join(pack, 'adm.synthetic.csv')));
  });

  it('refuses signed metadata edited after the sign-off, and a k lowered without a decision even with --allow-unsigned', () => {
    const edited = path.join(dir, 'edited.json');
    const m = json(signed);
    m.columns.find((c: { name: string }) => c.name === 'bmi').excluded = false;
    fs.writeFileSync(edited, JSON.stringify(m, null, 2));
    fails(['release', data, '--level', 'statistical', '--metadata', edited, '--dir', path.join(dir, 'edited-pack'), '--quiet'], 1, /sign-off .*no longer holds/);
    const lowered = json(reviewed);
    lowered.disclosure.threshold = 3;
    fs.writeFileSync(edited, JSON.stringify(lowered, null, 2));
    fails(['generate', data, '--level', 'statistical', '--metadata', edited, '--allow-unsigned', '--out', path.join(dir, 'low.csv'), '--quiet'], 1, /threshold k = 3 is below the default 10/);
    // As a recorded decision (re-summarised from the data) the same k is honoured.
    const decided = path.join(dir, 'decided.json');
    ok(['review', reviewed, '--threshold', '5', '--data', data, '--out', decided, '--quiet']);
    assert.equal(json(decided).disclosure.threshold, 5);
    ok(['generate', data, '--level', 'statistical', '--metadata', decided, '--allow-unsigned', '--out', path.join(dir, 'low.csv'), '--quiet']);
  });

  it('refuses a --threshold that contradicts the reviewed metadata\'s k', () => {
    fails(['release', data, '--level', 'statistical', '--metadata', signed, '--threshold', '5', '--dir', path.join(dir, 'k-pack'), '--quiet'], 1, /threshold/);
  });
});
