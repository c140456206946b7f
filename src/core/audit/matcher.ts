/**
 * Finds many literal strings in a text at once (Aho–Corasick), so that every real value held
 * by fewer than k persons can be looked for in every released file in one pass per file.
 */
interface Node {
  next: Map<string, number>;
  fail: number;
  /** Patterns (by index) ending here, including those reached through fail links. */
  out: number[];
}

export interface Match { pattern: number; start: number; end: number }

export class StringMatcher {
  private readonly nodes: Node[] = [{ next: new Map(), fail: 0, out: [] }];

  constructor(readonly patterns: readonly string[]) {
    patterns.forEach((p, i) => this.add(p, i));
    this.link();
  }

  private add(pattern: string, index: number): void {
    let at = 0;
    for (const ch of pattern) {
      let to = this.nodes[at].next.get(ch);
      if (to === undefined) {
        to = this.nodes.length;
        this.nodes.push({ next: new Map(), fail: 0, out: [] });
        this.nodes[at].next.set(ch, to);
      }
      at = to;
    }
    this.nodes[at].out.push(index);
  }

  private link(): void {
    const queue: number[] = [];
    for (const to of this.nodes[0].next.values()) queue.push(to);
    for (let q = 0; q < queue.length; q++) {
      const at = queue[q];
      for (const [ch, to] of this.nodes[at].next) {
        let f = this.nodes[at].fail;
        while (f !== 0 && !this.nodes[f].next.has(ch)) f = this.nodes[f].fail;
        const target = this.nodes[f].next.get(ch);
        this.nodes[to].fail = target !== undefined && target !== to ? target : 0;
        this.nodes[to].out.push(...this.nodes[this.nodes[to].fail].out);
        queue.push(to);
      }
    }
  }

  /**
   * Every occurrence that stands as a whole token: not preceded or followed by a letter or digit
   * (so a rare code "A1" is not found inside "BA12"). Offsets are UTF-16 indices into `text`.
   */
  findTokens(text: string): Match[] {
    const found: Match[] = [];
    let at = 0;
    let i = 0;
    for (const ch of text) {
      while (at !== 0 && !this.nodes[at].next.has(ch)) at = this.nodes[at].fail;
      at = this.nodes[at].next.get(ch) ?? 0;
      i += ch.length;
      for (const p of this.nodes[at].out) {
        const start = i - this.patterns[p].length;
        if (isWordChar(text, start - 1) || isWordChar(text, i)) continue;
        found.push({ pattern: p, start, end: i });
      }
    }
    return found;
  }
}

const WORD = /[\p{L}\p{N}]/u;

function isWordChar(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  return WORD.test(text[index]);
}
