import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { releasedValue, type Released } from '../disclosure/released';
import { writeFileAtomic } from '../io';
import { TOOL_VERSION } from '../version';
import { CHECKSUMS_DIR, PACK_FILES } from '../paths';
import type { AuditFinding, AuditReport } from './types';

/**
 * The ACRO version whose `results.json` layout this follows (ACRO's `Records.finalise_json`):
 * the SACRO viewer refuses files from an ACRO older than the one it supports.
 */
export const ACRO_RESULTS_VERSION = '0.4.11';

/** One output of ACRO's results.json: a file of the pack. */
export interface AcroOutput {
  uid: string;
  /** ACRO's SDC status: pass, fail, or review (a person must look). */
  status: 'pass' | 'fail' | 'review';
  type: 'custom';
  properties: { method: string; check: string };
  files: { name: string; sdc: Record<string, never> }[];
  /** The findings as ACRO writes a DataFrame (`to_json()`: column → row index → value). */
  outcome: Record<string, Record<string, string>>;
  command: string;
  summary: string;
  timestamp: string;
  comments: string[];
  exception: string;
}

export interface AcroResults { version: string; results: Record<string, AcroOutput> }

/**
 * The audit as ACRO's `results.json`, which the SACRO viewer opens for an output checker: one
 * output per pack file, named by the file, with status pass/fail/review, each finding as a row
 * of `outcome` and a comment. Findings name positions, never real values.
 */
export function toAcroResults(report: AuditReport, now: Date = new Date()): AcroResults {
  const results: Record<string, AcroOutput> = {};
  for (const file of report.files) {
    const own = report.findings.filter((f) => f.file === file.file);
    const status = file.status === 'fail' ? 'fail' : file.status === 'warn' ? 'review' : 'pass';
    results[file.file] = {
      uid: file.file,
      status,
      type: 'custom',
      properties: { method: `synthetic-twin ${TOOL_VERSION} audit`, check: `threshold k = ${report.threshold}, counting ${report.unit}` },
      files: [{ name: file.file, sdc: {} }],
      outcome: outcomeTable(own),
      command: `twin audit ${report.real} ${nodePath.basename(report.pack)}`,
      summary: own.length === 0 ? `${status}; no finding` : `${status}; ${own.length} finding${own.length === 1 ? '' : 's'}: ${[...new Set(own.map((f) => f.check))].join(', ')}`,
      timestamp: now.toISOString(),
      comments: own.map((f) => `${f.severity}: ${f.where}: ${f.message} [${f.check}]`),
      exception: '',
    };
  }
  return { version: ACRO_RESULTS_VERSION, results };
}

function outcomeTable(findings: AuditFinding[]): Record<string, Record<string, string>> {
  const table: Record<string, Record<string, string>> = { check: {}, severity: {}, where: {}, column: {}, message: {} };
  findings.forEach((f, i) => {
    const row = String(i);
    table.check[row] = f.check;
    table.severity[row] = f.severity;
    table.where[row] = f.where;
    table.column[row] = f.column ?? '';
    table.message[row] = f.message;
  });
  return table;
}

/**
 * Writes `results.json` into the pack folder `dir` and, as ACRO's finalise does,
 * `checksums/<file>.txt` with each audited file's SHA-256 (the viewer shows whether a file
 * changed after the audit). Takes the audit as released by the disclosure layer
 * (`protectAudit`). Returns the results file's path.
 */
export async function writeAcroResults(dir: string, audit: Released<AuditReport>, now: Date = new Date()): Promise<string> {
  const report = releasedValue(audit, PACK_FILES.auditResults);
  const target = nodePath.join(dir, PACK_FILES.auditResults);
  const checksums = nodePath.join(dir, CHECKSUMS_DIR);
  await fs.promises.mkdir(checksums, { recursive: true });
  for (const file of report.files) {
    const bytes = await fs.promises.readFile(nodePath.join(dir, file.file));
    await writeFileAtomic(nodePath.join(checksums, `${file.file}.txt`), createHash('sha256').update(bytes).digest('hex'));
  }
  await writeFileAtomic(target, JSON.stringify(toAcroResults(report, now), null, 4) + '\n');
  return target;
}
