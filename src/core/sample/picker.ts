import type { Random } from '../random';

/** Draws items with fixed relative weights (cumulative table, linear or binary search). */
export class Picker<T> {
  private readonly _cum: Float64Array;
  constructor(private readonly _items: readonly T[], weights: readonly number[]) {
    this._cum = new Float64Array(weights.length);
    let total = 0;
    for (let i = 0; i < weights.length; i++) { total += weights[i]; this._cum[i] = total; }
    for (let i = 0; i < weights.length; i++) this._cum[i] /= total;
  }
  pick(rng: Random): T {
    return this._items[this.index(rng.next())];
  }
  index(u: number): number {
    const cum = this._cum;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u < cum[mid]) hi = mid; else lo = mid + 1;
    }
    return lo;
  }
}
