import * as fs from 'node:fs';

/** Bytes read while looking for the line feed after a cut. */
const LOOK = 64 * 1024;

/**
 * Cuts the bytes `[start, end)` of a file into up to `parts` ranges of about equal size, each
 * cut just after a line feed. A cut is only a candidate record boundary: a line feed may sit
 * inside a quoted field. The cut is proved (or disproved) by the range before it, which is read
 * with the cut as its end of file: from a true record start the reader follows the file exactly
 * as one pass would, so it ends without error at the cut only when the cut is outside quotes
 * (readDelimitedCells.ts, ByteRange). Returns the cuts, `start` first and `end` last.
 */
export function cutAtLineFeeds(path: string, start: number, end: number, parts: number): number[] {
  const cuts = [start];
  const fd = fs.openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(LOOK);
    for (let i = 1; i < parts; i++) {
      let at = Math.max(cuts[cuts.length - 1] + 1, start + Math.floor(((end - start) * i) / parts));
      let cut = -1;
      while (cut < 0 && at < end) {
        const n = fs.readSync(fd, buf, 0, Math.min(LOOK, end - at), at);
        if (n <= 0) break;
        const lf = buf.subarray(0, n).indexOf(10);
        if (lf >= 0) cut = at + lf + 1;
        else at += n;
      }
      if (cut < 0 || cut >= end) break;
      cuts.push(cut);
    }
  } finally {
    fs.closeSync(fd);
  }
  cuts.push(end);
  return cuts;
}
