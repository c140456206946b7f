import type { Progress } from '../core';

/**
 * Human progress on stderr: a single rewritten line on a terminal, a line per
 * stage otherwise (so CI logs stay short). Never prints data values.
 */
export function createProgressReporter(stream: NodeJS.WriteStream, quiet: boolean): { report: (p: Progress) => void; done: () => void } {
  if (quiet) return { report: () => undefined, done: () => undefined };
  const tty = Boolean(stream.isTTY);
  let lastStage = '';
  const announced = new Set<string>();
  let lastDraw = 0;
  let drawn = false;
  return {
    report(p: Progress) {
      const now = Date.now();
      if (tty) {
        if (p.stage === lastStage && now - lastDraw < 100) return;
        const pct = p.fraction === undefined ? '' : ` ${Math.floor(Math.min(1, Math.max(0, p.fraction)) * 100)}%`;
        stream.write(`\r\x1b[2K${p.stage}${pct}`);
        drawn = true;
      } else if (!announced.has(p.stage)) {
        // Off a terminal, each stage is announced once so logs stay short.
        announced.add(p.stage);
        stream.write(`${p.stage}…\n`);
      }
      lastStage = p.stage;
      lastDraw = now;
    },
    done() {
      if (tty && drawn) stream.write('\r\x1b[2K');
    },
  };
}
