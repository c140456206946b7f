/**
 * The audit as it goes into a pack (results.json, the checklist's audit items). The auditor's
 * findings are built from positions (file, JSON path, line, column name) and from figures the
 * audited files already publish, never from a real value; the layer keeps that promise
 * structural by being the only way into the writers, and drops the one thing that is not about
 * the pack: the absolute path of the folder on the TRE's disk.
 */
import * as nodePath from 'node:path';
import type { AuditReport } from '../audit/types';
import { mintReleased, type Released } from './released';

export function protectAudit(report: AuditReport): Released<AuditReport> {
  const copy = JSON.parse(JSON.stringify(report)) as AuditReport;
  copy.pack = nodePath.basename(report.pack);
  return mintReleased(copy, [{ part: 'audit', control: 'positions-only', detail: 'findings name the file and position, never a real value; the folder is named without its path' }]);
}
