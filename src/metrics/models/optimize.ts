/**
 * The optimiser behind the model fits: BFGS with analytic gradients, falling back to Nelder–Mead
 * when the gradient path stalls. Models hand it an objective over unconstrained coordinates
 * (log-parameters, so every parameter stays positive) and get back either a converged minimum or
 * an honest failure: a fit that stops early is never reported as a result.
 */

/** Objective and gradient at `x`; writes the gradient into `grad` and returns the value. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface MinimizeOptions {
  /** Converged when every gradient component is within this (objective per customer, so unitless). */
  gradTol?: number;
  /** Largest step per iteration in any coordinate (log-parameters: e² ≈ 7.4×). */
  maxStep?: number;
  /** Iteration budget for BFGS. */
  maxIterations?: number;
  /** Coordinates beyond ±bound mean the optimum is at the edge (a parameter → 0 or ∞). */
  bound?: number;
  /** Smallest Hessian eigenvalue (objective per customer) a minimum must have to count. */
  minCurvature?: number;
}

export interface Minimum {
  x: Float64Array;
  value: number;
  grad: Float64Array;
  converged: boolean;
  /** Why it stopped, in words a message can quote. */
  reason: string;
  evaluations: number;
}

const DEFAULTS: Required<MinimizeOptions> = { gradTol: 1e-7, maxStep: 2, maxIterations: 400, bound: 15, minCurvature: 1e-6 };

const maxAbs = (v: Float64Array): number => {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
};

/**
 * BFGS on the inverse Hessian with a backtracking Armijo line search. Steps are capped so one
 * bad direction cannot throw the parameters to an overflow; a non-finite objective counts as
 * "too far" and the step shrinks.
 * @example bfgs((x, g) => ((g[0] = 2 * (x[0] - 3)), (x[0] - 3) ** 2), [0]).x // => [3]
 */
export function bfgs(f: Objective, x0: ArrayLike<number>, options: MinimizeOptions = {}): Minimum {
  const o = { ...DEFAULTS, ...options };
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let fx = f(x, g);
  let evaluations = 1;
  const result = (converged: boolean, reason: string): Minimum => ({ x, value: fx, grad: g, converged, reason, evaluations });
  if (!Number.isFinite(fx) || !g.every(Number.isFinite)) return result(false, "the likelihood cannot be evaluated at the start point");

  const H = new Float64Array(n * n);
  const resetH = (scale: number) => {
    H.fill(0);
    for (let i = 0; i < n; i++) H[i * n + i] = scale;
  };
  resetH(1);
  const p = new Float64Array(n);
  const xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Hy = new Float64Array(n);

  for (let iter = 0; iter < o.maxIterations; iter++) {
    if (maxAbs(g) <= o.gradTol) return result(true, "converged");
    // Direction p = −H g; fall back to steepest descent if H has lost positive definiteness.
    let slope = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v -= H[i * n + j] * g[j];
      p[i] = v;
      slope += v * g[i];
    }
    if (!(slope < 0)) {
      resetH(1);
      slope = 0;
      for (let i = 0; i < n; i++) {
        p[i] = -g[i];
        slope -= g[i] * g[i];
      }
    }
    let step = Math.min(1, o.maxStep / maxAbs(p));
    let fNew = NaN;
    let accepted = false;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * p[i];
      fNew = f(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope && gNew.every(Number.isFinite)) {
        accepted = true;
        break;
      }
      // Quadratic interpolation of the step, kept within [0.1, 0.5] of the current one.
      const q = Number.isFinite(fNew) ? (-slope * step * step) / (2 * (fNew - fx - slope * step)) : 0.1 * step;
      step = Math.min(0.5 * step, Math.max(0.1 * step, q));
    }
    if (!accepted) {
      // No descent left at machine precision: a minimum if the gradient is small enough.
      return maxAbs(g) <= o.gradTol * 100 ? result(true, "converged") : result(false, "the line search found no better point");
    }
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
      sy += s[i] * y[i];
      yy += y[i] * y[i];
    }
    const fOld = fx;
    x.set(xNew);
    [g, gNew] = [gNew, g];
    fx = fNew;
    if (sy > 1e-12 * Math.sqrt(yy) * Math.sqrt(s.reduce((t, v) => t + v * v, 0))) {
      if (iter === 0) resetH(sy / yy);
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy;
      let yHy = 0;
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let j = 0; j < n; j++) v += H[i * n + j] * y[j];
        Hy[i] = v;
        yHy += y[i] * v;
      }
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i * n + j] += rho * ((1 + rho * yHy) * s[i] * s[j] - Hy[i] * s[j] - s[i] * Hy[j]);
        }
      }
    }
    if (maxAbs(x) > o.bound) return result(false, "a parameter drifts towards 0 or infinity");
    if (Math.abs(fOld - fx) <= 1e-16 * Math.max(1, Math.abs(fx)) && maxAbs(g) <= o.gradTol * 100) return result(true, "converged");
  }
  return maxAbs(g) <= o.gradTol * 100 ? result(true, "converged") : result(false, `no convergence in ${o.maxIterations} iterations`);
}

/**
 * Nelder–Mead simplex (standard coefficients), for when gradients mislead: it only needs values.
 * Returns the best vertex; convergence is judged by the caller's gradient check.
 * @example nelderMead((x) => (x[0] - 3) ** 2 + (x[1] + 1) ** 2, [0, 0]).x // ≈ [3, −1]
 */
export function nelderMead(value: (x: Float64Array) => number, x0: ArrayLike<number>, { maxEvaluations = 4000, size = 0.5 } = {}): { x: Float64Array; value: number } {
  const n = x0.length;
  const safe = (x: Float64Array) => {
    const v = value(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const pts: Float64Array[] = [Float64Array.from(x0)];
  for (let i = 0; i < n; i++) {
    const v = Float64Array.from(x0);
    v[i] += size;
    pts.push(v);
  }
  const vals = pts.map(safe);
  let evals = n + 1;
  const centroid = new Float64Array(n);
  const at = (t: number, worst: Float64Array) => {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = centroid[i] + t * (worst[i] - centroid[i]);
    return v;
  };
  while (evals < maxEvaluations) {
    const order = vals.map((_, i) => i).sort((a, b) => vals[a] - vals[b]);
    const sortedP = order.map((i) => pts[i]);
    const sortedV = order.map((i) => vals[i]);
    pts.splice(0, pts.length, ...sortedP);
    vals.splice(0, vals.length, ...sortedV);
    if (Math.abs(vals[n] - vals[0]) <= 1e-14 * (Math.abs(vals[0]) + 1e-14)) break;
    centroid.fill(0);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i] += pts[k][i] / n;
    const worst = pts[n];
    const xr = at(-1, worst);
    const fr = safe(xr);
    evals++;
    if (fr < vals[0]) {
      const xe = at(-2, worst);
      const fe = safe(xe);
      evals++;
      if (fe < fr) [pts[n], vals[n]] = [xe, fe];
      else [pts[n], vals[n]] = [xr, fr];
    } else if (fr < vals[n - 1]) {
      [pts[n], vals[n]] = [xr, fr];
    } else {
      const outside = fr < vals[n];
      const xc = at(outside ? -0.5 : 0.5, worst);
      const fc = safe(xc);
      evals++;
      if (fc < (outside ? fr : vals[n])) [pts[n], vals[n]] = [xc, fc];
      else {
        for (let k = 1; k <= n; k++) {
          for (let i = 0; i < n; i++) pts[k][i] = pts[0][i] + 0.5 * (pts[k][i] - pts[0][i]);
          vals[k] = safe(pts[k]);
          evals++;
        }
      }
    }
  }
  let best = 0;
  for (let k = 1; k <= n; k++) if (vals[k] < vals[best]) best = k;
  return { x: pts[best], value: vals[best] };
}

/**
 * Minimises from each start point: BFGS first; if that stalls, Nelder–Mead to get near the
 * minimum and BFGS again to prove it (small gradient). Returns the lowest converged minimum, or
 * the last failure when none converged. A minimum must also curve upwards in every direction
 * (Hessian eigenvalues above `minCurvature`), or it is reported as not converged.
 * @example minimize(f, [[0, 0, 0, 0], [-1, 0, -0.7, 1]]) // => { x, value, converged: true, … }
 */
export function minimize(f: Objective, starts: ArrayLike<number>[], options: MinimizeOptions = {}): Minimum {
  let best: Minimum | undefined;
  let failure: Minimum | undefined;
  const scratch = new Float64Array(starts[0].length);
  for (const start of starts) {
    let m = bfgs(f, start, options);
    if (!m.converged) {
      const nm = nelderMead((x) => f(x, scratch), m.value < Infinity && m.x.every(Number.isFinite) ? m.x : start);
      const polished = bfgs(f, nm.x, options);
      m = polished.converged || polished.value < m.value || !Number.isFinite(m.value) ? polished : m;
    }
    if (m.converged && maxAbs(m.x) > (options.bound ?? DEFAULTS.bound)) {
      m = { ...m, converged: false, reason: "a parameter drifts towards 0 or infinity" };
    }
    if (m.converged) {
      if (!best || m.value < best.value) best = m;
    } else failure = m;
  }
  if (best) {
    // A vanishing gradient is not enough: far out along a direction the data cannot resolve the
    // likelihood is flat too. Require real curvature in every direction.
    const smallest = hessianEigenvalues(f, best.x)[0];
    if (!(smallest > (options.minCurvature ?? DEFAULTS.minCurvature))) {
      return { ...best, converged: false, reason: "the likelihood is flat in some direction, so the data do not determine every parameter" };
    }
  }
  return best ?? failure!;
}

/**
 * Eigenvalues of the objective's Hessian at x, from central differences of the analytic gradient
 * (cyclic Jacobi on the symmetrised matrix; the models have 2 to 4 parameters). A minimum whose
 * smallest eigenvalue is ~0 is flat in some direction: the data do not pin the parameters down.
 * @example hessianEigenvalues((x, g) => ((g[0] = 2 * x[0]), (g[1] = 8 * x[1]), x[0] ** 2 + 4 * x[1] ** 2), [0, 0]) // ≈ [2, 8]
 */
export function hessianEigenvalues(f: Objective, x: ArrayLike<number>, h = 1e-4): number[] {
  const n = x.length;
  const H: number[][] = Array.from({ length: n }, () => new Array(n).fill(0));
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const xp = Float64Array.from(x);
    const xm = Float64Array.from(x);
    xp[j] += h;
    xm[j] -= h;
    f(xp, gp);
    f(xm, gm);
    for (let i = 0; i < n; i++) H[i][j] = (gp[i] - gm[i]) / (2 * h);
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) H[i][j] = H[j][i] = (H[i][j] + H[j][i]) / 2;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += H[p][q] * H[p][q];
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(H[p][q]) < 1e-300) continue;
        const theta = (H[q][q] - H[p][p]) / (2 * H[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const hkp = H[k][p];
          const hkq = H[k][q];
          H[k][p] = c * hkp - s * hkq;
          H[k][q] = s * hkp + c * hkq;
        }
        for (let k = 0; k < n; k++) {
          const hpk = H[p][k];
          const hqk = H[q][k];
          H[p][k] = c * hpk - s * hqk;
          H[q][k] = s * hpk + c * hqk;
        }
      }
    }
  }
  return H.map((row, i) => row[i]).sort((a, b) => a - b);
}
