// `npx tsx scripts/linkedQuality.ts <real folder> <twin folder> <metadata.json> [--out report.json]`
// The quality of a linked twin next to what the disclosure allows: per table the SDMetrics
// quality of the twin (`twin evaluate --metadata`'s per-table fidelity score) and its disclosure
// ceiling (the real table with every value the twin may not emit replaced as the twin must
// replace it, scored by the same report: src/core/evaluate/multiTable/disclosureCeiling.ts), and
// per link CardinalityShapeSimilarity and the parent–child pair trends. The gap between a table's
// ceiling and its twin's score is the model's; the gap between 1 and the ceiling is the disclosure's.
// Prints a table on stdout; the figures are real-data evaluations: they stay in the TRE.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readDatasetMetadata } from '../src/core/synth/linked/datasetInput';
import { datasetCeilings } from '../src/core/evaluate/multiTable/disclosureCeiling';
import { evaluateDataset } from '../src/core/evaluate/multiTable/evaluateDataset';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
  if (positionals.length !== 3) {
    process.stderr.write('Usage: npx tsx scripts/linkedQuality.ts <real folder> <twin folder> <metadata.json> [--out report.json]\n');
    process.exit(2);
  }
  const [realDir, twinDir, metadataPath] = positionals;
  const metadata = readDatasetMetadata(metadataPath);
  if (!metadata) throw new Error(`${metadataPath} is not a linked dataset's metadata.json`);
  const evaluation = await evaluateDataset(realDir, twinDir, metadata);
  const ceilings = await datasetCeilings(realDir, metadata);
  const f = (x: number | null | undefined): string => (x === null || x === undefined ? '   —' : x.toFixed(2));
  const tables = evaluation.tables.map((t) => {
    const ceiling = ceilings.find((c) => c.name === t.name)?.ceiling ?? null;
    return { name: t.name, quality: t.report.fidelity.score, ceiling };
  });
  const links = evaluation.links.links.map((l) => ({
    link: `${l.childTable}.${l.childKey} -> ${l.parentTable}`,
    cardinalityShapeSimilarity: l.cardinalityShapeSimilarity,
    pairTrends: l.pairTrends.score,
  }));
  const out: string[] = ['table                 quality  ceiling  gap (model)'];
  for (const t of tables) out.push(`${t.name.padEnd(22)}${f(t.quality).padStart(7)}  ${f(t.ceiling).padStart(7)}  ${t.ceiling === null ? '' : f(t.ceiling - t.quality).padStart(7)}`);
  out.push('', 'link                                        CSS   pair trends');
  for (const l of links) out.push(`${l.link.padEnd(42)}${f(l.cardinalityShapeSimilarity).padStart(5)}  ${f(l.pairTrends).padStart(6)}`);
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  out.push('', `tables ≥ 0.85: ${tables.filter((t) => t.quality >= 0.85).length}/${tables.length}; links CSS ≥ 0.9: ${links.filter((l) => (l.cardinalityShapeSimilarity ?? 0) >= 0.9).length}/${links.length}; ` +
    `mean pair trends ${f(mean(links.flatMap((l) => (l.pairTrends === null ? [] : [l.pairTrends]))))}`);
  process.stdout.write(out.join('\n') + '\n');
  if (values.out) writeFileSync(values.out, JSON.stringify({ tables, links }, null, 2) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
