// Ordinary least squares by the normal equations, accumulated row by row (no design matrix kept) and solved by
// Cholesky with a tiny ridge: enough for the few-dozen-coefficient fits of the modelled market inputs.

/** Accumulates X'X and X'y for a linear model with `k` coefficients. */
export class NormalEquations {
  readonly k: number;
  private readonly xtx: Float64Array;
  private readonly xty: Float64Array;
  rows = 0;

  constructor(k: number) {
    this.k = k;
    this.xtx = new Float64Array(k * k);
    this.xty = new Float64Array(k);
  }

  /** Adds one observation: regressors `x` (length k) and the response `y`. */
  add(x: ArrayLike<number>, y: number, weight = 1): void {
    const k = this.k;
    for (let a = 0; a < k; a++) {
      const wa = weight * x[a];
      if (wa === 0) continue;
      this.xty[a] += wa * y;
      for (let b = a; b < k; b++) this.xtx[a * k + b] += wa * x[b];
    }
    this.rows++;
  }

  /**
   * The coefficients minimising the squared error plus `ridge` times the mean diagonal of X'X times |beta|^2.
   * The ridge only keeps a column that is never used (a tenor knot no row reaches) from making the system
   * singular; at 1e-9 it moves fitted values by far less than a futures tick.
   */
  solve(ridge = 1e-9): Float64Array {
    const k = this.k;
    const m = new Float64Array(k * k);
    let trace = 0;
    for (let a = 0; a < k; a++) trace += this.xtx[a * k + a];
    const lambda = (ridge * trace) / k + 1e-12;
    for (let a = 0; a < k; a++)
      for (let b = a; b < k; b++) {
        const v = this.xtx[a * k + b] + (a === b ? lambda : 0);
        m[a * k + b] = v;
        m[b * k + a] = v;
      }
    return choleskySolve(m, this.xty, k);
  }
}

/** Solves A x = b for a symmetric positive-definite A (row-major k x k). */
export function choleskySolve(a: Float64Array, b: ArrayLike<number>, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * k + j];
      for (let p = 0; p < j; p++) sum -= l[i * k + p] * l[j * k + p];
      if (i === j) {
        if (!(sum > 0)) throw new RangeError('least squares: the normal equations are not positive definite');
        l[i * k + i] = Math.sqrt(sum);
      } else l[i * k + j] = sum / l[j * k + j];
    }
  }
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let sum = b[i];
    for (let p = 0; p < i; p++) sum -= l[i * k + p] * z[p];
    z[i] = sum / l[i * k + i];
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let sum = z[i];
    for (let p = i + 1; p < k; p++) sum -= l[p * k + i] * x[p];
    x[i] = sum / l[i * k + i];
  }
  return x;
}
