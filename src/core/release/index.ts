/** The release pack: twin, metadata, evaluation and documents filled from templates; the schema check for real data. */
export { createReleasePack, writeReleaseDocuments, type ReleaseRequest, type ReleasePack, type ReleaseDocumentsInput } from './createReleasePack';
export {
  TEMPLATE_NAMES, REQUIRED_FIELDS, WORKSPACE_TEMPLATES_DIR, defaultTemplatesDir, findWorkspaceTemplatesDir, loadTemplates, checkTemplate, renderTemplate,
  type TemplateName, type LoadedTemplate,
} from './templates';
export { escapeMarkdown, escapePythonString, escapeRString, escaperFor } from './escape';
export { mergeKeepRegions, readKeepRegions } from './keepRegions';
export { ldmlToStrptime } from './dateFormats';
export { buildChecklist, CHECK_MARKS, type CheckItem, type CheckStatus, type ChecklistEvidence } from './checklist';
export { buildReleaseView, type ReleaseViewInput } from './view';
export { checkRealData, checkRealDataFile, formatFinding, type SchemaFinding, type RealDataCheck } from './checkRealData';
export { checkRealDataset, type RealDatasetCheck } from './checkRealDataset';
export { createDatasetReleasePack, RELATIONSHIP_DIAGRAM_FILE, type DatasetReleaseRequest, type DatasetReleasePack } from './createDatasetReleasePack';
export { relationshipDiagramSvg } from './relationshipDiagram';
