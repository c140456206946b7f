import type { DatasetMetadata } from '../dataset/types';

/**
 * The relationship diagram of a linked dataset's pack (relationships.svg): one box per table,
 * its key columns inside, an arrow from each child key to the parent table. A plain SVG file with
 * no script, font or link to fetch, so it renders offline in VS Code's Markdown preview and in a
 * browser (the data card shows it as an image). Tables are laid out in layers: tables without a
 * parent on top, each other table one layer below its deepest parent. Only table and column
 * names appear: names metadata.json publishes.
 */

const FONT = 12;
/** Width of one character at FONT px in the generic monospace face (0.6 em), so boxes fit their text. */
const CHAR = FONT * 0.6;
const LINE = 17;
const PAD = 8;
const GAP_X = 28;
const GAP_Y = 64;
const MARGIN = 16;

interface Box { name: string; lines: string[]; layer: number; x: number; y: number; w: number; h: number }

export function relationshipDiagramSvg(d: DatasetMetadata): string {
  const links = d.relationships.foreignKeys.filter((f) => f.status !== 'rejected');
  const pk = new Map(d.relationships.primaryKeys.map((k) => [k.table, k.column]));
  const parents = new Map<string, string[]>(d.tables.map((t) => [t.name, []]));
  for (const l of links) if (!l.selfReference) parents.get(l.child.table)?.push(l.parent.table);

  // Layer = longest path from a root (cycles, which generation refuses, are cut by the visiting set).
  const layerOf = new Map<string, number>();
  const layer = (t: string, seen: Set<string>): number => {
    const known = layerOf.get(t);
    if (known !== undefined) return known;
    if (seen.has(t)) return 0;
    seen.add(t);
    const ps = parents.get(t) ?? [];
    const v = ps.length === 0 ? 0 : 1 + Math.max(...ps.map((p) => layer(p, seen)));
    seen.delete(t);
    layerOf.set(t, v);
    return v;
  };
  const boxes: Box[] = d.tables.map((t) => {
    const keyLines = [
      ...(pk.has(t.name) ? [`PK ${pk.get(t.name)}`] : []),
      ...links.filter((l) => l.child.table === t.name).map((l) => `FK ${l.child.column}${l.optional ? ' (optional)' : ''}`),
    ];
    const title = t.name === d.relationships.personTable ? `${t.name} (person)` : t.name;
    const lines = [title, ...keyLines];
    const w = Math.ceil(Math.max(...lines.map((s) => s.length)) * CHAR + 2 * PAD);
    return { name: t.name, lines, layer: layer(t.name, new Set()), x: 0, y: 0, w, h: lines.length * LINE + PAD };
  });

  const layers = [...new Set(boxes.map((b) => b.layer))].sort((a, b) => a - b);
  let y = MARGIN;
  let width = 0;
  for (const l of layers) {
    const row = boxes.filter((b) => b.layer === l);
    let x = MARGIN;
    for (const b of row) {
      b.x = x;
      b.y = y;
      x += b.w + GAP_X;
    }
    width = Math.max(width, x - GAP_X + MARGIN);
    y += Math.max(...row.map((b) => b.h)) + GAP_Y;
  }
  const height = y - GAP_Y + MARGIN;
  // Centre each layer under the widest.
  for (const l of layers) {
    const row = boxes.filter((b) => b.layer === l);
    const used = row[row.length - 1].x + row[row.length - 1].w - row[0].x;
    const shift = Math.floor((width - 2 * MARGIN - used) / 2);
    for (const b of row) b.x += shift;
  }

  const byName = new Map(boxes.map((b) => [b.name, b]));
  // Each box's arrows leave its top edge and arrive at its bottom edge spread out, ordered by the
  // other end's position, so arrows to one table do not merge into one line.
  const centre = (t: string): number => { const b = byName.get(t)!; return b.x + b.w / 2; };
  const drawn = links.filter((l) => !l.selfReference && byName.has(l.child.table) && byName.has(l.parent.table));
  const spread = (table: string, side: 'out' | 'in'): Map<(typeof drawn)[number], number> => {
    const mine = drawn.filter((l) => (side === 'out' ? l.child.table : l.parent.table) === table)
      .sort((a, b) => centre(side === 'out' ? a.parent.table : a.child.table) - centre(side === 'out' ? b.parent.table : b.child.table));
    const b = byName.get(table)!;
    return new Map(mine.map((l, i) => [l, b.x + (b.w * (i + 1)) / (mine.length + 1)]));
  };
  const outX = new Map<(typeof drawn)[number], number>();
  const inX = new Map<(typeof drawn)[number], number>();
  for (const b of boxes) {
    for (const [l, x] of spread(b.name, 'out')) outX.set(l, x);
    for (const [l, x] of spread(b.name, 'in')) inX.set(l, x);
  }
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="${FONT}">`);
  out.push(`<title>${xml(`Tables and links of ${d.dataset.name}`)}</title>`);
  out.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>');
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  for (const l of links) {
    const child = byName.get(l.child.table);
    const parent = byName.get(l.parent.table);
    if (!child || !parent) continue;
    const dash = l.optional ? ' stroke-dasharray="5 4"' : '';
    if (l.selfReference) {
      // A loop on the box's right side.
      const x = child.x + child.w;
      const y0 = child.y + 6;
      out.push(`<path d="M ${x} ${y0} c 24 0 24 ${child.h - 12} 0 ${child.h - 12}" fill="none" stroke="#555"${dash} marker-end="url(#arrow)"><title>${xml(`${l.child.table}.${l.child.column} → ${l.parent.table}.${l.parent.column}`)}</title></path>`);
      continue;
    }
    // From the child's top edge to the parent's bottom edge (parents are in layers above).
    const x1 = Math.round(outX.get(l) ?? child.x + child.w / 2);
    const y1 = child.y;
    const x2 = Math.round(inX.get(l) ?? parent.x + parent.w / 2);
    const y2 = parent.y + parent.h;
    out.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#555"${dash} marker-end="url(#arrow)"><title>${xml(`${l.child.table}.${l.child.column} → ${l.parent.table}.${l.parent.column}`)}</title></line>`);
  }
  for (const b of boxes) {
    const person = b.name === d.relationships.personTable;
    out.push(`<g><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="4" fill="${person ? '#fff4d6' : '#eef3fb'}" stroke="#3b5b8c"/>`);
    b.lines.forEach((s, i) => {
      const weight = i === 0 ? ' font-weight="bold"' : '';
      out.push(`<text x="${b.x + PAD}" y="${b.y + PAD / 2 + (i + 1) * LINE - 4}"${weight} fill="#1b1b1b">${xml(s)}</text>`);
    });
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Text for XML content and attribute values. */
function xml(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
