import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choleskySolve, NormalEquations } from './least-squares.js';

test('least squares: a simple regression matches the closed form slope = cov(x, y) / var(x)', () => {
  const xs = [1, 2, 4, 7, 11, 12];
  const ys = [2.1, 2.9, 5.2, 7.8, 12.5, 12.9];
  const ne = new NormalEquations(2);
  xs.forEach((x, k) => ne.add([1, x], ys[k]));
  const [a, b] = ne.solve();
  const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
  const my = ys.reduce((s, y) => s + y, 0) / ys.length;
  let cov = 0;
  let vx = 0;
  xs.forEach((x, k) => {
    cov += (x - mx) * (ys[k] - my);
    vx += (x - mx) ** 2;
  });
  assert.ok(Math.abs(b - cov / vx) < 1e-7, `slope ${b} vs ${cov / vx}`);
  assert.ok(Math.abs(a - (my - (cov / vx) * mx)) < 1e-6);
});

test('least squares: exact data with three regressors gives back its coefficients; a never-used column gets 0', () => {
  const beta = [0.5, -1.25, 2];
  const ne = new NormalEquations(4);
  for (let k = 0; k < 50; k++) {
    const x = [1, Math.sin(k), Math.cos(3 * k), 0];
    ne.add(x, beta[0] + beta[1] * x[1] + beta[2] * x[2]);
  }
  const got = ne.solve();
  beta.forEach((b, j) => assert.ok(Math.abs(got[j] - b) < 1e-6, `beta ${j}: ${got[j]}`));
  assert.equal(got[3], 0);
});

test('Cholesky solve: A x = b for a symmetric positive-definite matrix, checked by multiplying back', () => {
  const a = Float64Array.from([4, 1, 2, 1, 3, 0.5, 2, 0.5, 5]);
  const b = [1, 2, 3];
  const x = choleskySolve(a, b, 3);
  for (let i = 0; i < 3; i++) {
    let s = 0;
    for (let j = 0; j < 3; j++) s += a[i * 3 + j] * x[j];
    assert.ok(Math.abs(s - b[i]) < 1e-12);
  }
  assert.throws(() => choleskySolve(Float64Array.from([1, 2, 2, 1]), [1, 1], 2), /not positive definite/);
});
