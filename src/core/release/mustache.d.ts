/**
 * Types for the parts of mustache 4.2 (MIT) that the release pack uses; the package ships none
 * and @types/mustache is not a dependency.
 */
declare module 'mustache' {
  /** A parsed token: [type, value, start, end, children?, ...]. Type is 'text', 'name', '&', '#', '^', '>', '!', '='. */
  export type TemplateSpans = (string | number | TemplateSpans)[][];
  export interface RenderConfig {
    tags?: [string, string];
    /** Replaces HTML escaping of `{{name}}` values; receives the raw value (numbers included). */
    escape?: (value: unknown) => string;
  }
  export function parse(template: string, tags?: [string, string]): TemplateSpans;
  export function render(template: string, view: unknown, partials?: Record<string, string>, config?: RenderConfig): string;
  const Mustache: { parse: typeof parse; render: typeof render };
  export default Mustache;
}
