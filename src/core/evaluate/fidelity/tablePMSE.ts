/**
 * pMSE of a table of counts (synthpop `utility.tab`, Raab, Nowok & Dibben 2021):
 * with td, ts the real and synthetic counts per cell (cells where both are 0 dropped),
 * N = Σtd + Σts, c = Σts/N, `expect = (ts + td)·c`, `diff = ts − td·c/(1 − c)`,
 * `VW = Σ diff²/expect`, `S_pMSE = VW/(cells − 1)`, `pMSE = VW·c·(1 − c)²/N`.
 * @throws when the count arrays differ in length
 */
export function tablePMSE(realCounts: ArrayLike<number>, synCounts: ArrayLike<number>): { c: number; cells: number; VW: number; standardized: number; pMSE: number } {
  if (realCounts.length !== synCounts.length) throw new Error('tablePMSE: count arrays differ in length');
  let nd = 0;
  let ns = 0;
  for (let i = 0; i < realCounts.length; i++) {
    nd += realCounts[i];
    ns += synCounts[i];
  }
  const n = nd + ns;
  const c = ns / n;
  let vw = 0;
  let cells = 0;
  for (let i = 0; i < realCounts.length; i++) {
    const td = realCounts[i];
    const ts = synCounts[i];
    if (td === 0 && ts === 0) continue;
    cells++;
    const expect = (ts + td) * c;
    const diff = ts - (td * c) / (1 - c);
    vw += (diff * diff) / expect;
  }
  return { c, cells, VW: vw, standardized: cells > 1 ? vw / (cells - 1) : 0, pMSE: (vw * c * (1 - c) ** 2) / n };
}
