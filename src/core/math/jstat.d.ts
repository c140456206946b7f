// The slice of jstat (no bundled types) the core uses: distribution functions.
declare module 'jstat' {
  interface Distribution {
    cdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
    pdf(x: number, ...params: number[]): number;
  }
  export const normal: Distribution;
  /** Regularized incomplete beta I_x(a, b). */
  export function ibeta(x: number, a: number, b: number): number;
}
