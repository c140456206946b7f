import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { trackTemp } from '../io/liveTemps';

/**
 * Whether every value of a column is distinct, decided exactly in bounded memory (issue 15 item 8):
 * an external sort. Each value's 64-bit hash goes into a run of at most {@link RUN_LENGTH} hashes;
 * a full run is sorted, checked for two equal neighbours and written to a temp file; at the end the
 * runs are merged, checking neighbours again. A primary key must be unique on every row, so no
 * sample will do; two different values share a 64-bit hash with probability about n²/2⁶⁵ (10⁻⁵ at
 * 20 million rows), and only that can make a unique column look repeated.
 *
 * Memory: one run (8 bytes a hash) while reading; while merging, at most {@link MERGE_BUFFER} hashes
 * spread over the runs. Temp files live in one folder under the OS temp dir, removed when the check
 * ends (and by the CLI's second-signal cleanup, as every temp file).
 */
export const RUN_LENGTH = 1 << 20;
const MERGE_BUFFER = 1 << 21;

const LITTLE_ENDIAN = os.endianness() === 'LE';
/** Index of the high and low 32-bit halves of hash i in a Uint32Array view. */
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

/** A folder for spilled runs, made on first use. */
export class SpillDir {
  private dir: string | undefined;
  private forget: (() => void) | undefined;
  private n = 0;

  /** A new file name in the folder. */
  file(): string {
    if (!this.dir) {
      this.dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-keys-'));
      this.forget = trackTemp(this.dir);
    }
    return nodePath.join(this.dir, `run-${this.n++}.bin`);
  }

  /** Whether anything was spilled (the folder exists). */
  get used(): boolean {
    return this.dir !== undefined;
  }

  remove(): void {
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.forget?.();
    this.dir = undefined;
    this.forget = undefined;
  }
}

export class UniqueCheck {
  private buf: BigUint64Array;
  private words: Uint32Array;
  private n = 0;
  private runs: { file: string; length: number }[] = [];
  /** A repeated hash was seen: the column is not unique (and nothing more is kept). */
  private repeated = false;
  /** Hashes added. */
  count = 0;

  constructor(private readonly spill: SpillDir, private readonly runLength = RUN_LENGTH) {
    if (!(runLength >= 2)) throw new Error('UniqueCheck: runLength must be at least 2');
    // Starts small and doubles up to one run: a short column costs little.
    this.buf = new BigUint64Array(Math.min(1024, runLength));
    this.words = new Uint32Array(this.buf.buffer);
  }

  /** Adds one value by its 64-bit hash, as two 32-bit halves. */
  add(hi: number, lo: number): void {
    if (this.repeated) return;
    this.count++;
    if (this.n === this.buf.length) {
      if (this.n >= this.runLength) this.flush();
      else this.growBuffer();
    }
    this.words[2 * this.n + HI] = hi;
    this.words[2 * this.n + LO] = lo;
    this.n++;
  }

  /** Runs written to disk so far. */
  get spilledRuns(): number {
    return this.runs.length;
  }

  /** Hashes held in memory (at most the run length, by construction). */
  get held(): number {
    return this.buf.length;
  }

  /** Marks the column as not unique (a repeat seen elsewhere) and frees what it holds. */
  giveUp(): void {
    this.repeated = true;
    this.release();
  }

  /** Whether every value added was distinct. Frees the buffer and the run files. */
  finish(): boolean {
    if (this.repeated) return false;
    try {
      if (this.runs.length === 0) {
        const run = this.buf.subarray(0, this.n).sort();
        return !hasEqualNeighbours(run);
      }
      if (this.n > 0) this.flush();
      if (this.repeated) return false;
      return mergeIsUnique(this.runs);
    } finally {
      this.release();
    }
  }

  private growBuffer(): void {
    const next = new BigUint64Array(Math.min(this.runLength, this.buf.length * 2));
    next.set(this.buf);
    this.buf = next;
    this.words = new Uint32Array(next.buffer);
  }

  private flush(): void {
    const run = this.buf.subarray(0, this.n).sort();
    if (hasEqualNeighbours(run)) {
      this.giveUp();
      return;
    }
    const file = this.spill.file();
    fs.writeFileSync(file, new Uint8Array(run.buffer, run.byteOffset, run.byteLength));
    this.runs.push({ file, length: this.n });
    this.n = 0;
  }

  private release(): void {
    for (const r of this.runs) fs.rmSync(r.file, { force: true });
    this.runs = [];
    this.buf = new BigUint64Array(0);
    this.words = new Uint32Array(0);
    this.n = 0;
  }
}

function hasEqualNeighbours(sorted: BigUint64Array): boolean {
  const w = new Uint32Array(sorted.buffer, sorted.byteOffset, sorted.length * 2);
  for (let i = 1; i < sorted.length; i++) {
    if (w[2 * i + HI] === w[2 * i - 2 + HI] && w[2 * i + LO] === w[2 * i - 2 + LO]) return true;
  }
  return false;
}

/** One sorted run read back in chunks. */
class RunReader {
  private readonly fd: number;
  private readonly chunk: Uint32Array;
  private readonly bytes: Uint8Array;
  private pos = 0;
  private have = 0;
  private left: number;
  private open = true;
  hi = 0;
  lo = 0;

  constructor(file: string, length: number, chunkHashes: number) {
    this.fd = fs.openSync(file, 'r');
    this.chunk = new Uint32Array(chunkHashes * 2);
    this.bytes = new Uint8Array(this.chunk.buffer);
    this.left = length;
  }

  /** Moves to the next hash; false at the end (and the file is closed). */
  next(): boolean {
    if (this.pos === this.have) {
      if (this.left === 0) {
        this.close();
        return false;
      }
      const want = Math.min(this.left, this.chunk.length / 2);
      let got = 0;
      while (got < want * 8) got += fs.readSync(this.fd, this.bytes, got, want * 8 - got, null);
      this.have = want;
      this.left -= want;
      this.pos = 0;
    }
    this.hi = this.chunk[2 * this.pos + HI];
    this.lo = this.chunk[2 * this.pos + LO];
    this.pos++;
    return true;
  }

  close(): void {
    if (this.open) fs.closeSync(this.fd);
    this.open = false;
  }
}

const less = (a: RunReader, b: RunReader): boolean => a.hi < b.hi || (a.hi === b.hi && a.lo < b.lo);

/** k-way merge of sorted runs through a binary heap; false at the first two equal neighbours. */
function mergeIsUnique(runs: readonly { file: string; length: number }[]): boolean {
  const chunk = Math.max(4096, Math.floor(MERGE_BUFFER / runs.length));
  const heap: RunReader[] = [];
  for (const r of runs) {
    const reader = new RunReader(r.file, r.length, chunk);
    if (reader.next()) heap.push(reader);
  }
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l], heap[m])) m = l;
      if (r < heap.length && less(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  let first = true;
  let prevHi = 0;
  let prevLo = 0;
  let unique = true;
  while (heap.length > 0) {
    const top = heap[0];
    if (!first && top.hi === prevHi && top.lo === prevLo) {
      unique = false;
      break;
    }
    first = false;
    prevHi = top.hi;
    prevLo = top.lo;
    if (!top.next()) {
      const last = heap.pop()!;
      if (heap.length === 0) break;
      heap[0] = last;
    }
    down(0);
  }
  // Close what an early stop left open.
  for (const r of heap) r.close();
  return unique;
}
