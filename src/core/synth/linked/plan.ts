import { inputError } from '../../errors';
import { t } from '../../l10n';

/** A link as generation needs it: each child row's `childKey` names a parent row's `parentKey`. */
export interface LinkSpec {
  parentTable: string;
  parentKey: string;
  childTable: string;
  childKey: string;
  /** Some child rows have no parent (the key is missing). */
  optional?: boolean;
}

/** How one child table is attached when its rows are made. */
export interface TablePlan {
  name: string;
  /** The table's primary key column, when it has one. */
  primaryKey?: string;
  /** Under the person table: made person batch by person batch. Otherwise made whole, before any person. */
  inPersonTree: boolean;
  /** The link that decides how many rows each parent row has (absent for roots). */
  primary?: LinkSpec;
  /** Links to an ancestor of the primary parent: the key is copied along the chain (a diamond stays consistent). */
  derived: { link: LinkSpec; chain: LinkSpec[] }[];
  /** Optional links to another table of the same person: a row of that person, when they have one. */
  samePerson: LinkSpec[];
  /** Links to tables outside the person tree (organisations, providers): a parent drawn at random. */
  reference: LinkSpec[];
  /** Self-references: left missing in the twin. */
  selfReferences: LinkSpec[];
}

export interface LinkedPlan {
  /** Tables in making order: reference tables first (parents before children), then the person tree top-down. */
  order: TablePlan[];
  personTable?: string;
}

/**
 * Decides how a linked dataset's twin is made. The person table (given, or the root with the
 * most direct links, then most descendants) is the unit: every table reachable from it through mandatory links is made
 * in batches of persons, each row under a primary parent (its deepest mandatory parent in the
 * tree); its other keys follow from that parent (diamonds) or pick a row of the same person
 * (optional links) or a reference row. Tables outside the tree are made whole first.
 * @throws TwinError('input') when the links form a cycle (other than self-references) or name unknown tables.
 */
export function planLinked(tables: readonly string[], primaryKeys: Readonly<Record<string, string>>, links: readonly LinkSpec[], personTable?: string): LinkedPlan {
  const known = new Set(tables);
  for (const l of links) {
    for (const name of [l.parentTable, l.childTable]) if (!known.has(name)) throw inputError(t('a link names an unknown table: {0}', name), {});
  }
  const real = links.filter((l) => l.parentTable !== l.childTable);
  const parentsOf = new Map<string, LinkSpec[]>(tables.map((t) => [t, []]));
  const childrenOf = new Map<string, LinkSpec[]>(tables.map((t) => [t, []]));
  for (const l of real) {
    parentsOf.get(l.childTable)!.push(l);
    childrenOf.get(l.parentTable)!.push(l);
  }
  // Topological order (Kahn), ties by the given table order for determinism.
  const indegree = new Map(tables.map((t) => [t, new Set(parentsOf.get(t)!.map((l) => l.parentTable)).size]));
  const topo: string[] = [];
  const ready = tables.filter((t) => indegree.get(t) === 0);
  while (ready.length) {
    const t = ready.shift()!;
    topo.push(t);
    for (const c of new Set(childrenOf.get(t)!.map((l) => l.childTable))) {
      indegree.set(c, indegree.get(c)! - 1);
      if (indegree.get(c) === 0) ready.push(c);
    }
    ready.sort((a, b) => tables.indexOf(a) - tables.indexOf(b));
  }
  if (topo.length !== tables.length) throw inputError(t('the links between tables form a cycle; reject one of them'), {});

  const descendants = (t: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [t];
    while (stack.length) {
      for (const l of childrenOf.get(stack.pop()!)!) if (!seen.has(l.childTable)) { seen.add(l.childTable); stack.push(l.childTable); }
    }
    return seen;
  };
  let person = personTable;
  if (person === undefined) {
    const roots = tables.filter((t) => parentsOf.get(t)!.length === 0 && childrenOf.get(t)!.length > 0);
    // The root most tables point at directly (patients, not the organisations a few tables name).
    roots.sort((a, b) => childrenOf.get(b)!.length - childrenOf.get(a)!.length || descendants(b).size - descendants(a).size);
    person = roots[0];
  }
  if (person !== undefined && !known.has(person)) throw inputError(t('the person table {0} is not one of the tables', person), {});

  // Depth in the person tree through mandatory links (−1: outside).
  const depth = new Map<string, number>();
  if (person !== undefined) depth.set(person, 0);
  for (const t of topo) {
    if (t === person) continue;
    let best = -1;
    for (const l of parentsOf.get(t)!) {
      const d = depth.get(l.parentTable);
      if (!l.optional && d !== undefined && d >= 0 && d + 1 > best) best = d + 1;
    }
    depth.set(t, best);
  }
  const inTree = (t: string): boolean => (depth.get(t) ?? -1) >= 0;

  const plans = new Map<string, TablePlan>();
  for (const t of topo) {
    const plan: TablePlan = {
      name: t, inPersonTree: inTree(t), derived: [], samePerson: [], reference: [],
      selfReferences: links.filter((l) => l.childTable === t && l.parentTable === t),
    };
    if (primaryKeys[t] !== undefined) plan.primaryKey = primaryKeys[t];
    const parents = parentsOf.get(t)!;
    if (plan.inPersonTree && t !== person) {
      // The deepest mandatory parent in the tree; ties by link order.
      let primary: LinkSpec | undefined;
      for (const l of parents) {
        if (l.optional || !inTree(l.parentTable)) continue;
        if (!primary || depth.get(l.parentTable)! > depth.get(primary.parentTable)!) primary = l;
      }
      plan.primary = primary;
      const chainTo = (ancestor: string): LinkSpec[] | null => {
        // The chain of primary links from the primary parent up to `ancestor`.
        const chain: LinkSpec[] = [];
        let at = primary!.parentTable;
        while (at !== ancestor) {
          const up = plans.get(at)?.primary;
          if (!up) return null;
          chain.push(up);
          at = up.parentTable;
        }
        return chain;
      };
      for (const l of parents) {
        if (l === primary) continue;
        if (!inTree(l.parentTable)) { plan.reference.push(l); continue; }
        const chain = l.parentTable === primary!.parentTable ? [] : chainTo(l.parentTable);
        if (chain !== null && l.parentTable !== primary!.parentTable) plan.derived.push({ link: l, chain });
        else plan.samePerson.push(l);
      }
    } else {
      // A root, or a table made whole: its first parent decides the counts, the others are references.
      const [first, ...rest] = parents;
      if (first && t !== person) plan.primary = first;
      plan.reference.push(...(t === person ? parents : rest));
    }
    plans.set(t, plan);
  }
  const order = [...topo.filter((t) => !inTree(t)), ...topo.filter(inTree)].map((t) => plans.get(t)!);
  return { order, ...(person !== undefined ? { personTable: person } : {}) };
}
