import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { privacyReading, READING_THRESHOLDS, readingFor, utilityReading, type ReadingMetric, type ReadingSubject } from '../../../src/core/evaluate/readings';
import { setLanguage } from '../../../src/core/l10n';
import { english, shown } from '../../../src/core/l10n/stored';
import { checkLanguage } from '../../integration/suite/visibleLanguage';

/**
 * Issue 18: sentences the core stores in files stay English in the file and are shown in the
 * reader's language (src/core/l10n/stored.ts). Each kind of stored sentence: its exact Welsh for a
 * known case, placeholders filled; and every sentence the module can make shows no English message.
 */
const welsh = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../l10n/bundle.l10n.cy.json'), 'utf8')) as Record<string, string>;

/** `texts` in Welsh: each changed, and no English catalogue message left in any (one pass of the integration check). */
function assertAllWelsh(texts: Iterable<string>): void {
  const all = [...new Set(texts)];
  const shownAll = all.map(shown);
  assert.deepEqual(all.filter((text, i) => shownAll[i] === text), []);
  const seen = checkLanguage(shownAll, welsh, 'cy');
  assert.deepEqual(seen.other.map((m) => `${m} in ${seen.where[m]}`), []);
}

describe('l10n: stored sentences shown in the reader’s language', () => {
  afterEach(() => setLanguage('en'));

  it('stores English whatever the language, filled as t() fills', () => {
    setLanguage('cy');
    assert.equal(english('The distribution of {0}', '“age”'), 'The distribution of “age”');
    assert.equal(readingFor('KSComplement', 0.93, { column: 'age' }).text, 'The distribution of “age” in the twin closely matches the real data (score 0.93 of 1).');
  });

  it('shows the stored text itself in English, and a sentence no template makes as stored', () => {
    const text = readingFor('KSComplement', 0.93, { column: 'age' }).text;
    assert.equal(shown(text), text);
    setLanguage('cy');
    assert.equal(shown('A sentence from an older version of the tool.'), 'A sentence from an older version of the tool.');
    assert.equal(shown(''), '');
  });

  it('readings: the Welsh sentence of a known case, each part filled', () => {
    setLanguage('cy');
    assert.equal(shown(readingFor('KSComplement', 0.93, { column: 'age' }).text),
      'Mae dosbarthiad “age” yn y gefell yn cyfateb yn agos i\'r data go iawn (sgôr 0.93 o 1).');
    assert.equal(shown(readingFor('CorrelationSimilarity', 0.5, { columns: ['age', 'los'] }).text),
      'Mae cydberthyniad “age” a “los” yn y gefell yn amlwg yn wahanol i\'r data go iawn (sgôr 0.50 o 1).');
    assert.equal(shown(readingFor('StatisticSimilarity', 0.8, { column: 'los', statistic: 'standard deviation' }).text),
      'Mae gwyriad safonol “los” yn y gefell yn cyfateb yn fras i\'r data go iawn (sgôr 0.80 o 1).');
    assert.equal(shown(readingFor('RangeCoverage', null, {}).text), 'Cwmpas yr amrediad: ni ellid ei gyfrifo ar gyfer y data hyn.');
    assert.equal(shown(readingFor('exactMatches', 0.012, { baseline: 0.01 }).text),
      'Mae 1.2% o resi\'r gefell yn gopïau union o res go iawn (rhesi go iawn heb eu gweld: 1.0%).');
    assert.equal(shown(readingFor('linkability', 0.42).text),
      'Mae ymosodwr sy\'n defnyddio\'r gefell i gysylltu cofnodion am yr un person go iawn yn gwneud llawer yn well nag un hebddi (risg cysylltu 0.42).');
    assert.equal(shown(utilityReading(0.85, 0.97).text),
      'Mae modelau a ffitiwyd ar y gefell yn rhoi canlyniadau tebyg iawn i\'r data go iawn (gorgyffwrdd cyfyngau hyder 0.85; mae model a hyfforddwyd ar y gefell yn cadw 97.0% o fedrusrwydd rhagfynegi\'r model go iawn).');
    assert.equal(shown(privacyReading(['good'], false).text),
      'Ni chanfu unrhyw wiriad preifatrwydd fod y gefell yn datgelu cofnodion go iawn y tu hwnt i\'r hyn y byddai data go iawn heb eu gweld yn ei ddatgelu. Ni chadwyd unrhyw gofnodion go iawn yn ôl, felly terfynau uchaf yw ffigurau\'r ymosodiadau, nid risgiau wedi\'u mesur.');
  });

  it('readings: every sentence of every metric, band and subject is shown in Welsh', () => {
    const texts: string[] = [];
    const subjects: ReadingSubject[] = [{}, { column: 'age' }, { columns: ['a', 'b'] }, { column: 'x', statistic: 'mean' }, { column: 'x', statistic: 'median' },
      { column: 'x', statistic: 'standard deviation' }, { baseline: 0.002 }];
    for (const metric of Object.keys(READING_THRESHOLDS) as ReadingMetric[]) {
      for (const v of [null, -0.5, 0.003, 0.1, 0.3, 0.6, 0.78, 0.85, 0.96, 2.5, 12]) {
        for (const s of subjects) texts.push(readingFor(metric, v, s).text);
      }
    }
    for (const a of [null, 0.2, 0.5, 0.8]) for (const b of [null, 0.5, 0.9, 0.99]) texts.push(utilityReading(a, b).text);
    for (const bands of [['good'], ['fair'], ['poor']] as const) for (const h of [true, false]) texts.push(privacyReading(bands, h).text);
    setLanguage('cy');
    assertAllWelsh(texts);
  });

  it('evaluation notes, reasons and details: as an evaluation.json written before stored.ts holds them, shown in Welsh', () => {
    setLanguage('cy');
    const cases: [string, string][] = [
      ['Not rated: the model of “readmitted_30d” trained on real data has no demonstrable predictive skill on the test rows (AUC 0.544, 95% interval reaching 0.5, chance), so there is no skill for the twin to keep and no ratio is given.',
        'Heb ei raddio: nid oes gan y model o “readmitted_30d” a hyfforddwyd ar ddata go iawn fedrusrwydd rhagfynegi amlwg ar y rhesi prawf (AUC 0.544, cyfwng 95% yn cyrraedd 0.5, siawns), felly nid oes medrusrwydd i\'r gefell ei gadw ac ni roddir cymhareb.'],
      ['Column “nhs_number” is left out of column shapes and pair trends (identifier column: not modelled as a distribution).',
        'Mae colofn “nhs_number” wedi\'i gadael allan o siapiau colofnau a thueddiadau parau (colofn dynodydd: heb ei modelu fel dosbarthiad).'],
      ['Column "nhs_number" was left out of row comparisons (identifier: twins replace identifiers with fakes, so rows are compared without it).',
        'Gadawyd colofn "nhs_number" allan o gymariaethau rhesi (dynodydd: mae gefeilliaid yn disodli dynodyddion â rhai ffug, felly cymherir rhesi hebddo).'],
      ['Gower-style distance (mean over 15 columns; numeric and date differences scaled by the real range and capped at 1; categories 0/1; missing vs missing 0, missing vs value 1). Measured for a seeded sample of 2000 synthetic rows against 2384 real rows.',
        'Pellter arddull Gower (cymedr dros 15 colofn; gwahaniaethau rhifol a dyddiad wedi\'u graddio yn ôl yr amrediad go iawn a\'u capio ar 1; categorïau 0/1; coll yn erbyn coll 0, coll yn erbyn gwerth 1). Mesurwyd ar gyfer sampl â hedyn o 2000 rhes synthetig yn erbyn 2384 rhes go iawn.'],
      ['the secret with the highest lower confidence bound on its risk, of 15 secret column(s) (3 left out: guessed for at least 90% of held-out records without the twin): admission_method',
        'y gyfrinach â\'r terfyn hyder isaf uchaf ar ei risg, o 15 colofn gyfrinachol (3 wedi\'u gadael allan: wedi\'u dyfalu ar gyfer o leiaf 90% o\'r cofnodion a gadwyd yn ôl heb y gefell): admission_method'],
      ['Upper bound, not a measured risk: without real records held out from the twin, the linkability attack succeeds on 0.4% of attempts, which also counts what anyone could guess without the twin. Hold out records (a holdout share, or a holdout file) to measure the risk itself.',
        'Terfyn uchaf, nid risg wedi\'i mesur: heb gofnodion go iawn wedi\'u cadw\'n ôl o\'r gefell, mae\'r ymosodiad cysylltu yn llwyddo ar 0.4% o\'r ymdrechion, sydd hefyd yn cyfrif yr hyn y gallai unrhyw un ei ddyfalu heb y gefell. Cadwch gofnodion yn ôl (cyfran wedi\'i chadw\'n ôl, neu ffeil wedi\'i chadw\'n ôl) i fesur y risg ei hun.'],
      // A list of names is data: the frame is translated, the list kept.
      ['Not used as predictors: nhs_number (an identifier), admission_datetime (a date).', 'Heb eu defnyddio fel rhagfynegyddion: nhs_number (an identifier), admission_datetime (a date).'],
    ];
    assert.deepEqual(cases.map(([en]) => shown(en)), cases.map(([, cy]) => cy));
  });

  it('metadata: flag reasons and actions, control details and record rules, as a metadata.json holds them, shown in Welsh', () => {
    setLanguage('cy');
    const cases: [string, string][] = [
      ['100% of sampled values are written as NHS numbers (10 digits); 100% pass the modulus-11 check digit',
        'mae 100% o\'r gwerthoedd a samplwyd wedi\'u hysgrifennu fel rhifau GIG (10 digid); mae 100% yn pasio\'r digid gwirio modwlws-11'],
      ['replaced by format-valid fakes', 'disodlwyd â gwerthoedd ffug dilys eu fformat'],
      ['3 of 19 categories have fewer than 10 records', 'mae gan 3 o 19 categori lai na 10 cofnod'],
      ['bounds at least 10 records in from each end (and no nearer than the 1st and 99th percentiles), moved inward onto a grid whose cell holds no record or at least 10; no minimum or maximum published',
        'terfynau o leiaf 10 cofnod i mewn o bob pen (a dim nes na chanraddau 1st a 99th), wedi\'u symud i mewn i grid nad oes gan ei gell unrhyw gofnod neu o leiaf 10; ni chyhoeddir isafswm nac uchafswm'],
      ['6 categories with fewer than 10 records merged into "Other"', '6 categori â llai na 10 cofnod wedi\'u cyfuno yn "Other"'],
      ['length_of_stay = calendar days from admission_datetime to discharge_datetime in every record, and is present exactly when both are',
        'length_of_stay = dyddiau calendr o admission_datetime i discharge_datetime ym mhob cofnod, ac mae\'n bresennol yn union pan fo\'r ddau'],
      ['readmitted_30d is present exactly when outcome is one of "Discharged home", "Transferred"',
        'mae readmitted_30d yn bresennol yn union pan fo outcome yn un o "Discharged home", "Transferred"'],
      ['age is never negative', 'nid yw age byth yn negatif'],
    ];
    assert.deepEqual(cases.map(([en]) => shown(en)), cases.map(([, cy]) => cy));
  });

  it('never takes a column name or a number for a message', () => {
    setLanguage('cy');
    // "Mean" and "Rows" are catalogue words; as quoted names in a sentence they stay as they are.
    assert.equal(shown(readingFor('KSComplement', 0.93, { column: 'Mean' }).text),
      'Mae dosbarthiad “Mean” yn y gefell yn cyfateb yn agos i\'r data go iawn (sgôr 0.93 o 1).');
    assert.equal(shown(readingFor('RangeCoverage', 0.99, { column: 'this column' }).text),
      'Mae gwerthoedd “this column” yn y gefell yn rhychwantu bron y cyfan o\'r amrediad go iawn (99.0%).');
    assert.equal(shown('Rows'), 'Rows');
  });
});
