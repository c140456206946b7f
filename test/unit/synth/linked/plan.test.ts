import { strict as assert } from 'node:assert';
import { isTwinError } from '../../../../src/core/errors';
import { planLinked, type LinkSpec } from '../../../../src/core/synth/linked';

const link = (child: string, childKey: string, parent: string, parentKey: string, optional = false): LinkSpec =>
  ({ childTable: child, childKey, parentTable: parent, parentKey, optional });

describe('synth: how a linked twin is planned', () => {
  // A Synthea-like shape: encounters under patients and organisations, conditions under encounters and
  // patients (a diamond), medications with an optional payer, a self-referencing encounter, and a lone table.
  const tables = ['organizations', 'payers', 'patients', 'encounters', 'conditions', 'medications', 'lookup'];
  const links = [
    link('encounters', 'PATIENT', 'patients', 'Id'),
    link('encounters', 'ORGANIZATION', 'organizations', 'Id'),
    link('encounters', 'PREVIOUS', 'encounters', 'Id', true),
    link('conditions', 'ENCOUNTER', 'encounters', 'Id'),
    link('conditions', 'PATIENT', 'patients', 'Id'),
    link('medications', 'PATIENT', 'patients', 'Id'),
    link('medications', 'ENCOUNTER', 'encounters', 'Id'),
    link('medications', 'PAYER', 'payers', 'Id', true),
  ];
  const plan = planLinked(tables, { patients: 'Id', encounters: 'Id', organizations: 'Id', payers: 'Id' }, links);
  const of = (name: string) => plan.order.find((p) => p.name === name)!;

  it('finds the person table (the root most tables point at) and makes reference tables first', () => {
    assert.equal(plan.personTable, 'patients');
    const names = plan.order.map((p) => p.name);
    assert.deepEqual(names.slice(0, 3), ['organizations', 'payers', 'lookup']);
    assert.deepEqual(names.slice(3), ['patients', 'encounters', 'conditions', 'medications']);
    assert.equal(of('lookup').inPersonTree, false);
    assert.equal(of('lookup').primary, undefined);
  });

  it('a diamond: conditions hang under encounters, their patient key copied along the chain', () => {
    const c = of('conditions');
    assert.equal(c.primary!.parentTable, 'encounters');
    assert.deepEqual(c.derived.map((d) => [d.link.childKey, d.chain.map((l) => l.parentTable)]), [['PATIENT', ['patients']]]);
  });

  it('a self-reference is kept apart (left missing in the twin), an outside parent is a reference, an optional key a reference too', () => {
    const e = of('encounters');
    assert.equal(e.primary!.childKey, 'PATIENT');
    assert.deepEqual(e.selfReferences.map((l) => l.childKey), ['PREVIOUS']);
    assert.deepEqual(e.reference.map((l) => l.childKey), ['ORGANIZATION']);
    const m = of('medications');
    assert.equal(m.primary!.childKey, 'ENCOUNTER');
    assert.deepEqual(m.derived.map((d) => d.link.childKey), ['PATIENT']);
    assert.deepEqual(m.reference.map((l) => l.childKey), ['PAYER']);
  });

  it('an optional key to another table of the person picks among that person\'s rows', () => {
    const p = planLinked(['patients', 'admissions', 'prescriptions'], { patients: 'id', admissions: 'id' }, [
      link('admissions', 'patient', 'patients', 'id'),
      link('prescriptions', 'patient', 'patients', 'id'),
      link('prescriptions', 'admission', 'admissions', 'id', true),
    ], 'patients');
    const rx = p.order.find((x) => x.name === 'prescriptions')!;
    assert.equal(rx.primary!.parentTable, 'patients');
    assert.deepEqual(rx.samePerson.map((l) => l.childKey), ['admission']);
  });

  it('a cycle between tables is refused with a one-line input error', () => {
    assert.throws(() => planLinked(['a', 'b'], {}, [link('a', 'b_id', 'b', 'id'), link('b', 'a_id', 'a', 'id')]),
      (e: unknown) => isTwinError(e) && /cycle/.test((e as Error).message));
  });
});
