export { decimalsOf } from '../disclosure/coarsen';
/**
 * Walks every value of a JSON document with its path and the real column it is about, so that
 * the checks need not know today's field names: a figure is "about" column C when an enclosing
 * object names C (a `name` or `column` field) or an enclosing key is C.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface JsonSite {
  /** `$.columns[2].bounds.upper` */
  path: string;
  /** The nearest object key above the value (array indices skipped): what the figure is. */
  key: string | null;
  /** Every key on the way down, outermost first. */
  keys: string[];
  /** The real column the value is about, or null. */
  column: string | null;
  /** The enclosing object (for checks that read a figure's neighbours). */
  parent: { [key: string]: JsonValue } | null;
}

export interface JsonVisitor {
  number?(value: number, site: JsonSite): void;
  /** Strings, and object keys (with `isKey`). */
  string?(value: string, site: JsonSite, isKey: boolean): void;
  object?(value: { [key: string]: JsonValue }, site: JsonSite): void;
}

export function walkJson(root: JsonValue, columns: ReadonlySet<string>, visit: JsonVisitor): void {
  const go = (value: JsonValue, site: JsonSite): void => {
    if (typeof value === 'number') visit.number?.(value, site);
    else if (typeof value === 'string') visit.string?.(value, site, false);
    else if (Array.isArray(value)) value.forEach((v, i) => go(v, { ...site, path: `${site.path}[${i}]` }));
    else if (value !== null && typeof value === 'object') {
      const named = [value.name, value.column].find((n): n is string => typeof n === 'string' && columns.has(n));
      const column = named ?? site.column;
      const here: JsonSite = { ...site, column };
      visit.object?.(value, here);
      for (const [key, v] of Object.entries(value)) {
        const path = /^[A-Za-z_$][\w$]*$/.test(key) ? `${site.path}.${key}` : `${site.path}[${JSON.stringify(key)}]`;
        const child: JsonSite = { path, key, keys: [...site.keys, key], column: columns.has(key) ? key : column, parent: value };
        visit.string?.(key, { ...child, column }, true);
        go(v, child);
      }
    }
  };
  go(root, { path: '$', key: null, keys: [], column: null, parent: null });
}

