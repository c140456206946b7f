import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AUDIT_CHECK_TITLES, AUDIT_CHECKS, type AuditReport } from '../../../src/core/audit';
import { auditCheckTitle } from '../../../src/core/audit/types';
import { protectAudit } from '../../../src/core/disclosure/protectAudit';
import type { PrivacyReport } from '../../../src/core/evaluate';
import { setLanguage } from '../../../src/core/l10n';
import { profileFile } from '../../../src/core/profile';
import { auditItems, dcrFindingOf, eulaPartiesFinding, exactMatchesFindingOf, signedOffFinding } from '../../../src/core/release/checklist';
import { applyDecisions, describeDecisions, describeLinkDecisions, describeSignOff, signMetadata } from '../../../src/core/review';
import { writeHospitalAdmissionsSample } from '../../../src/core/sample/hospitalAdmissions';

/**
 * Issue 18: the release checklist's items and evidence, and the review decisions the checklist
 * quotes, in Welsh for a known case of each (and the same English as before without Welsh).
 */
describe('l10n: the release checklist and review decisions in Welsh', () => {
  afterEach(() => setLanguage('en'));

  const reading = (band: 'good' | 'fair' | 'poor') => ({ band, text: '' });
  /** A privacy report with the figures the checklist reads: 3 copies in 1,000 rows, a holdout baseline of 0.2%. */
  const privacy = {
    exactMatches: { count: 3, rate: 0.003, holdoutCount: 1, holdoutRate: 0.002, reading: reading('poor') },
    dcr: {
      synthetic: { median: 0.25 }, random: { median: 0.5 },
      baselineProtection: { score: 0.5, reading: reading('fair') },
      overfittingProtection: { score: 0.9, closerToTraining: 0.55, reading: reading('good') },
    },
  } as unknown as PrivacyReport;
  const noHoldout = { ...privacy, exactMatches: { count: 0, rate: 0, reading: reading('good') }, dcr: { ...privacy.dcr, overfittingProtection: undefined } } as unknown as PrivacyReport;

  it('writes the exact-copies and distance evidence of rows and of persons\' records in Welsh', () => {
    setLanguage('cy');
    assert.deepEqual(exactMatchesFindingOf(privacy, { synthetic: 1000, holdout: 500, sampled: false }), {
      status: 'fail',
      evidence: 'mae 3 ar y mwyaf o 1000 rhes yn y gefell (0.3%) yn gopïau union o res go iawn; sylfaen y data a gadwyd yn ôl 0.2% (mae 1 ar y mwyaf o 500 rhes go iawn nas gwelwyd yn hafal i res go iawn)',
    });
    assert.equal(exactMatchesFindingOf(noHoldout, { synthetic: 1000, holdout: null, sampled: true, unit: 'person' }).evidence,
      "mae 0 o 1000 cofnod unigolyn yn y gefell (0%) yn gopïau union o gofnod unigolyn go iawn (mewn sampl â hedyn o 1000 cofnod unigolyn); ni roddwyd data wedi'u cadw'n ôl, felly 0 yw'r sylfaen");
    assert.equal(dcrFindingOf(privacy).evidence,
      "mae 55% o resi'r gefell yn nes at res hyfforddi nag at res a gadwyd yn ôl (disgwylir tua 50%); diogelwch rhag gorffitio 0.90 (da)");
    assert.equal(dcrFindingOf(noHoldout, 'person').evidence,
      "pellter canolrifol cofnodion unigolion y gefell i'r cofnod unigolyn go iawn agosaf 0.25 o'i gymharu â 0.50 ar gyfer cofnodion unigolion ar hap; diogelwch sylfaenol 0.50 (gweddol); dim data wedi'u cadw'n ôl, felly ni fesurwyd gorffitio");
  });

  it('keeps the English evidence word for word', () => {
    assert.equal(exactMatchesFindingOf(privacy, { synthetic: 1000, holdout: 500, sampled: false }).evidence,
      'at most 3 of 1000 twin rows (0.3%) are exact copies of a real row; holdout baseline 0.2% (at most 1 of 500 unseen real rows equal a real row)');
    assert.equal(exactMatchesFindingOf(noHoldout, { synthetic: 1000, holdout: null, sampled: true, unit: 'person' }).evidence,
      "0 of 1000 twin persons' records (0%) are exact copies of a real person's record (in a seeded sample of 1000 persons' records); no holdout was given, so the baseline is 0");
    assert.equal(dcrFindingOf(noHoldout, 'person').evidence,
      "median distance of twin persons' records to the closest real person's record 0.25 against 0.50 for random persons' records; baseline protection 0.50 (fair); no holdout, so overfitting was not measured");
    assert.equal(eulaPartiesFinding(undefined, 'x@example.org').evidence, 'EULA.md has no custodian: name the data custodian and a contact and re-run');
  });

  it('names the audit\'s checks in Welsh, and in English as the audit\'s files do', () => {
    for (const check of AUDIT_CHECKS) assert.equal(auditCheckTitle(check), AUDIT_CHECK_TITLES[check]);
    const report: AuditReport = {
      format: 'twin-audit/1', real: 'adm.csv', pack: '/pack', threshold: 10, unit: 'rows', status: 'pass', files: [], findings: [],
      checks: [{ check: 'small-cell', title: AUDIT_CHECK_TITLES['small-cell'], status: 'pass', findings: 0 }],
    } as unknown as AuditReport;
    setLanguage('cy');
    assert.deepEqual(auditItems(protectAudit(report)).map((i) => [i.title, i.evidence]),
      [['Archwiliad: Nid oes unrhyw gyfrif a gyhoeddir yn dibynnu ar lai na k = 10 o unigolion', 'ni chanfu twin audit yr un yn 0 ffeil y pecyn']]);
    assert.deepEqual(auditItems(undefined).map((i) => i.title), ['Archwiliad yn erbyn y data go iawn']);
    assert.deepEqual(eulaPartiesFinding('Ymddiriedolaeth GIG', undefined), {
      status: 'fail', evidence: 'nid oes cyswllt yn EULA.md: enwch geidwad y data a chyswllt a rhedeg eto',
    });
  });

  describe('review decisions and the sign-off', function () {
    this.timeout(120_000);
    let dir: string;
    before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-cy-decisions-')); });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('describes each kind of decision in Welsh', () => {
      setLanguage('cy');
      assert.deepEqual(describeDecisions({ types: { age: 'categorical' }, identifiers: ['ward_code'], excluded: ['notes'], droppedRules: ['order:a<b'], threshold: 5 }), [
        'math age wedi\'i osod yn categorical',
        'wedi\'u marcio fel dynodyddion (fformat yn unig, wedi\'u ffugio mewn gefeilliaid): ward_code',
        'trothwy k wedi\'i osod yn 5 (yn is na\'r rhagosodiad 10)',
        'wedi\'u heithrio o\'r gefell a\'r pecyn: notes',
        'rheolau cofnodion wedi\'u gollwng: order:a<b',
      ]);
      assert.deepEqual(describeLinkDecisions({ added: ['a.x->b.y'], confirmed: [], rejected: ['c.z->b.y'] }),
        ['cysylltiad wedi\'i ychwanegu: a.x->b.y', 'cysylltiad wedi\'i wrthod: c.z->b.y']);
    });

    it('gives the sign-off and what was decided in Welsh, as the checklist quotes it', async () => {
      const file = path.join(dir, 'adm.csv');
      await writeHospitalAdmissionsSample(file, { rows: 600, seed: 3 });
      const { profile } = await profileFile(file, {});
      const signed = signMetadata(applyDecisions(profile, { excluded: ['notes'] }), { name: 'Dr A. Adolygydd', role: 'Gwiriwr allbynnau', note: 'iawn' }, new Date('2026-12-07T10:00:00Z'));
      setLanguage('cy');
      const expected = 'metadata.json wedi\'i gymeradwyo gan Dr A. Adolygydd (Gwiriwr allbynnau) ar 2026-12-07; penderfynwyd: wedi\'u heithrio o\'r gefell a\'r pecyn: notes; nodyn: “iawn”';
      assert.equal(describeSignOff(signed), expected);
      assert.deepEqual(signedOffFinding(signed), { status: 'pass', evidence: expected });
      assert.equal(signedOffFinding({ ...signed, dataset: { ...signed.dataset, name: 'arall' } }).evidence,
        "nid yw cymeradwyaeth metadata.json gan Dr A. Adolygydd (Gwiriwr allbynnau) yn dal mwyach: newidiodd y metadata ar ôl ei lofnodi; rhaid i unigolyn ei adolygu a'i gymeradwyo eto");
    });
  });
});
