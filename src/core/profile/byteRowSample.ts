import type { CellBatch } from '../io/types';
import { textOf } from './textBytes';

/**
 * A uniform sample of rows of byte batches (the profiler's association and pattern samples),
 * held as bytes in one arena: keeping a row allocates nothing on V8's heap, so a long pass
 * promotes no garbage into the old space and memory stays flat whatever the row count. The
 * kept rows are decoded into text once, when the pass is over. Which rows are kept is the
 * skipper's decision (the same as for rows of values, so both reading paths sample alike).
 */
export class ByteRowSample {
  private arena = new Uint8Array(1 << 20);
  private used = 0;
  private readonly rowStart: Int32Array;
  private readonly rowLength: Int32Array;
  /** Per slot, per cell: start and end relative to the row's start. */
  private readonly cells: Int32Array;
  private size = 0;

  constructor(readonly capacity: number, readonly width: number) {
    this.rowStart = new Int32Array(capacity);
    this.rowLength = new Int32Array(capacity);
    this.cells = new Int32Array(capacity * 2 * width);
  }

  /** Copies row r of a batch into `slot` (from sketches.ts's ReservoirSkipper), replacing what it held. */
  put(slot: number, batch: CellBatch, r: number): void {
    const { bytes, starts, ends } = batch;
    const width = this.width;
    const first = r * width;
    const from = starts[first];
    const length = ends[first + width - 1] - from;
    if (slot >= this.size) this.size = slot + 1;
    else this.rowLength[slot] = 0; // the old row is dead: not carried by a compaction below
    if (this.used + length > this.arena.length) this.makeRoom(length);
    bytes.copy(this.arena, this.used, from, from + length);
    this.rowStart[slot] = this.used;
    this.rowLength[slot] = length;
    this.used += length;
    const cells = this.cells;
    for (let c = 0, k = 2 * width * slot; c < width; c++, k += 2) {
      cells[k] = starts[first + c] - from;
      cells[k + 1] = ends[first + c] - from;
    }
  }

  /** The kept rows as text, in slot order. */
  rows(): string[][] {
    const out: string[][] = new Array(this.size);
    const buffer = Buffer.from(this.arena.buffer, this.arena.byteOffset, this.arena.byteLength);
    for (let slot = 0; slot < this.size; slot++) {
      const base = this.rowStart[slot];
      const row: string[] = new Array(this.width);
      for (let c = 0, k = 2 * this.width * slot; c < this.width; c++, k += 2) row[c] = textOf(buffer, base + this.cells[k], base + this.cells[k + 1]);
      out[slot] = row;
    }
    return out;
  }

  /**
   * Moves the live rows to the front of the arena (in order of position, so each moves left),
   * and doubles the arena when they fill more than half of it or `need` does not fit after.
   */
  private makeRoom(need: number): void {
    const order: number[] = [];
    let live = 0;
    for (let slot = 0; slot < this.size; slot++) {
      if (this.rowLength[slot] > 0) {
        order.push(slot);
        live += this.rowLength[slot];
      }
    }
    order.sort((a, b) => this.rowStart[a] - this.rowStart[b]);
    let target = this.arena;
    if (2 * (live + need) > this.arena.length) target = new Uint8Array(Math.max(2 * this.arena.length, 2 * (live + need)));
    let at = 0;
    for (const slot of order) {
      const start = this.rowStart[slot];
      const length = this.rowLength[slot];
      if (target === this.arena) target.copyWithin(at, start, start + length);
      else target.set(this.arena.subarray(start, start + length), at);
      this.rowStart[slot] = at;
      at += length;
    }
    this.arena = target;
    this.used = at;
  }
}
