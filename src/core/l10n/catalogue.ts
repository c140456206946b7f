/**
 * The Welsh catalogue (`l10n/bundle.l10n.cy.json`), asked for only when Welsh is chosen. In the
 * Node bundles (extension, worker, CLI) esbuild.mjs puts in this module's place one that reads the
 * file beside `dist/` on first use, so an English session neither parses nor holds its 200 kB;
 * under tsx (tests) and in the webview it is this import.
 */
import welsh from '../../../l10n/bundle.l10n.cy.json';

export function welshCatalogue(): Record<string, string> {
  return welsh as Record<string, string>;
}
