/**
 * The http(s) URLs in a page that would be network references. Not counted: the SVG namespace (an
 * XML identifier, never fetched) and the documentation links in the component library's comments
 * and one warning message (@vscode-elements/elements: text, never fetched; the page's CSP would
 * block a fetch anyway).
 */
const TEXT_ONLY = /^(http:\/\/www\.w3\.org\/2000\/svg|https:\/\/developer\.mozilla\.org\/en-US\/docs\/Web\/API\/[\w/.-]+|https:\/\/vscode-elements\.github\.io\/components\/icon\/)$/;

export function networkUrls(html: string): string[] {
  return (html.match(/https?:\/\/[^\s"'`)<>]*/g) ?? []).filter((u) => !TEXT_ONLY.test(u));
}
