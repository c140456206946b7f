/**
 * Keep-regions: text a person may edit in a generated document, between
 * `<!-- twin:keep:NAME -->` and `<!-- /twin:keep:NAME -->` (Markdown) or
 * `# twin:keep:NAME` and `# /twin:keep:NAME` (Python and R). Re-running the release pack
 * regenerates everything else and puts each region's old text back.
 */

/** Groups: 1 opening marker, 2 name, 3 body, 4 closing marker. */
const HTML_REGION = /(<!--\s*twin:keep:([A-Za-z0-9_-]+)\s*-->)([\s\S]*?)(<!--\s*\/twin:keep:\2\s*-->)/g;
const HASH_REGION = /(#[ \t]*twin:keep:([A-Za-z0-9_-]+)[ \t]*(?=\r?\n))([\s\S]*?)(#[ \t]*\/twin:keep:\2[ \t]*(?=\r?\n|$))/g;

/** The regions of a document: name → text between the markers (markers excluded). */
export function readKeepRegions(text: string, commentStyle: 'html' | 'hash'): Map<string, string> {
  const regions = new Map<string, string>();
  for (const m of text.matchAll(commentStyle === 'html' ? HTML_REGION : HASH_REGION)) {
    if (!regions.has(m[2])) regions.set(m[2], m[3]);
  }
  return regions;
}

/**
 * Puts the text of each region of `previous` (the document as a person left it) into the
 * region of the same name in `generated` (the fresh rendering). Regions the new template no
 * longer has are appended at the end under a note, so no edit is ever lost silently.
 */
export function mergeKeepRegions(generated: string, previous: string | null, commentStyle: 'html' | 'hash'): string {
  if (previous === null) return generated;
  const old = readKeepRegions(previous, commentStyle);
  if (old.size === 0) return generated;
  const used = new Set<string>();
  const pattern = commentStyle === 'html' ? HTML_REGION : HASH_REGION;
  const merged = generated.replace(pattern, (whole: string, open: string, name: string, _body: string, close: string) => {
    const kept = old.get(name);
    if (kept === undefined || used.has(name)) return whole;
    used.add(name);
    return open + kept + close;
  });
  const orphans = [...old].filter(([name]) => !used.has(name));
  if (orphans.length === 0) return merged;
  const note = commentStyle === 'html'
    ? '\n<!-- Text kept from an earlier version of this file whose template no longer has these regions. -->\n'
    : '\n# Text kept from an earlier version of this file whose template no longer has these regions.\n';
  const blocks = orphans.map(([name, body]) => (commentStyle === 'html'
    ? `<!-- twin:keep:${name} -->${body}<!-- /twin:keep:${name} -->`
    : `# twin:keep:${name}${body}# /twin:keep:${name}`));
  return merged.replace(/\s*$/, '\n') + note + blocks.join('\n') + '\n';
}
