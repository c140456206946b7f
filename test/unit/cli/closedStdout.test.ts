import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, hasStackTrace, tempDir } from './helpers';

/** Runs the built CLI with stdout read by nobody: its pipe is closed at once, as `| head -3` closes it. */
function runWithClosedStdout(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += String(d); });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('odd inputs: stdout closed by its reader (twin … | head -3)', function () {
  this.timeout(120_000);
  it('ends the command quietly: no EPIPE stack trace, exit 0', async () => {
    const dir = tempDir('closed-stdout');
    try {
      const data = path.join(dir, 'data.csv');
      const lines = ['id,age,group', ...Array.from({ length: 400 }, (_, i) => `${i},${20 + (i % 50)},${'abc'[i % 3]}`)];
      fs.writeFileSync(data, lines.join('\n') + '\n');
      // profile prints metadata.json (tens of KB) on stdout.
      const r = await runWithClosedStdout(['profile', data, '--quiet']);
      assert.ok(!hasStackTrace(r.stderr), r.stderr);
      assert.doesNotMatch(r.stderr, /EPIPE|Unhandled/);
      assert.equal(r.status, 0, r.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
