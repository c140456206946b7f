/**
 * `Released<T>`: a value that has passed the disclosure-control layer and may go into a file that
 * leaves the TRE. Every writer of a released artefact (metadata.json, evaluation.json/html, the
 * documents and starter code, the recipe as shipped in a pack) accepts only `Released` values, so
 * a figure added to a report later cannot reach a release without a rule of the layer deciding
 * what of it is published.
 *
 * Only the layer makes them: the constructor is private and the one factory, {@link mintReleased},
 * may be imported only by `src/core/disclosure/protect*.ts` (a unit test reads every import in
 * `src/` and fails otherwise). The value is deep-frozen, so nothing can add a figure to it after
 * the layer is done, and {@link isReleased} recognises only instances the factory made (a cast
 * or a structurally equal object is refused at run time too).
 */

/** One control the layer applied to a released artefact, in words an output checker reads. */
export interface ReleaseControl {
  /** The part of the artefact it applies to, e.g. `columns.age` or `utility`. */
  part: string;
  control: string;
  detail: string;
}

const minted = new WeakSet<object>();
/** The private constructor, captured inside the class for {@link mintReleased}; no other way in. */
let construct: <T>(value: T, controls: readonly ReleaseControl[]) => Released<T>;

export class Released<T> {
  /** The protected value (deep-frozen). */
  readonly value: T;
  /** The controls applied to make it, in order. */
  readonly controls: readonly ReleaseControl[];

  private constructor(value: T, controls: readonly ReleaseControl[]) {
    this.value = deepFreeze(value);
    this.controls = Object.freeze(controls.map((c) => Object.freeze({ ...c })));
    minted.add(this);
    Object.freeze(this);
  }

  static {
    construct = (value, controls) => new Released(value, controls);
  }
}

/**
 * Marks a value as released. For the layer's protect*.ts modules only (enforced by a test): every
 * other module receives `Released` values and cannot make them.
 */
export function mintReleased<T>(value: T, controls: readonly ReleaseControl[] = []): Released<T> {
  return construct(value, controls);
}

/** True only for a `Released` the layer made (not a cast, a copy or a look-alike object). */
export function isReleased(x: unknown): x is Released<unknown> {
  return typeof x === 'object' && x !== null && minted.has(x);
}

/**
 * The value of a released artefact, checked at run time as well as by the type.
 * @throws Error (an internal error) when given anything the layer did not make.
 */
export function releasedValue<T>(released: Released<T>, what: string): T {
  if (!isReleased(released)) throw new Error(`internal error: ${what} did not pass the disclosure-control layer`);
  return released.value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value as object)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
