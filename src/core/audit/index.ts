/** The auditor: every released figure of a pack against the real data (`twin audit`). */
export { auditPack, type AuditOptions, type AuditRun } from './auditPack';
export { readRealFacts, type RealFacts, type RealColumn } from './realFacts';
export { toAcroResults, writeAcroResults, ACRO_RESULTS_VERSION, type AcroResults, type AcroOutput } from './acroResults';
export { listPackFiles } from './packFiles';
export { AUDIT_CHECKS, AUDIT_CHECK_TITLES, AUDIT_FORMAT, formatAuditFinding, type AuditCheck, type AuditFinding, type AuditReport, type AuditSeverity } from './types';
