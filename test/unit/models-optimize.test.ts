import { expect } from "chai";
import { bfgs, minimize, nelderMead, Objective } from "../../src/metrics/models/optimize";

/** Rosenbrock in n dimensions: minimum 0 at (1, …, 1), a curved valley that defeats naive steps. */
const rosenbrock: Objective = (x, g) => {
  let f = 0;
  g.fill(0);
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    f += 100 * a * a + b * b;
    g[i] += -400 * x[i] * a - 2 * b;
    g[i + 1] += 200 * a;
  }
  return f;
};

describe("models: optimiser", () => {
  it("BFGS finds the Rosenbrock minimum in 2 and 4 dimensions", () => {
    for (const start of [
      [-1.2, 1],
      [0, 0, 0, 0],
    ]) {
      const m = bfgs(rosenbrock, start, { gradTol: 1e-10, bound: 100 });
      expect(m.converged, m.reason).to.equal(true);
      for (const v of m.x) expect(v).to.be.closeTo(1, 1e-6);
    }
  });

  it("Nelder–Mead gets near the minimum without gradients", () => {
    const m = nelderMead((x) => (x[0] - 3) ** 2 + 10 * (x[1] + 1) ** 2, [0, 0]);
    expect(m.x[0]).to.be.closeTo(3, 1e-4);
    expect(m.x[1]).to.be.closeTo(-1, 1e-4);
  });

  it("reports a minimum at infinity as not converged instead of stopping somewhere", () => {
    // f = e^−x decreases for ever: no interior minimum.
    const m = minimize((x, g) => {
      g[0] = -Math.exp(-x[0]);
      return Math.exp(-x[0]);
    }, [[0]]);
    expect(m.converged).to.equal(false);
    expect(m.reason).to.match(/drifts|convergence|line search/);
  });

  it("reports a minimum that is flat in one direction as not converged (the data do not pin it down)", () => {
    // f(x, y) = (x − 1)²: any y is as good as any other.
    const m = minimize((x, g) => {
      g[0] = 2 * (x[0] - 1);
      g[1] = 0;
      return (x[0] - 1) ** 2;
    }, [[0, 0]]);
    expect(m.converged).to.equal(false);
    expect(m.reason).to.match(/flat/);
  });

  it("keeps the best of several start points", () => {
    // Two minima: f(−2) = 1 (local) and f(2) = 0 (global).
    const f: Objective = (x, g) => {
      const a = (x[0] + 2) ** 2 + 1;
      const b = (x[0] - 2) ** 2;
      g[0] = a < b ? 2 * (x[0] + 2) : 2 * (x[0] - 2);
      return Math.min(a, b);
    };
    const m = minimize(f, [[-2.5], [2.5]], { bound: 100 });
    expect(m.converged).to.equal(true);
    expect(m.x[0]).to.be.closeTo(2, 1e-6);
  });

  it("survives an objective that is not finite away from the start", () => {
    const f: Objective = (x, g) => {
      if (Math.abs(x[0]) > 3) return NaN;
      g[0] = 2 * (x[0] - 1);
      return (x[0] - 1) ** 2;
    };
    const m = bfgs(f, [2.9], { maxStep: 10 });
    expect(m.converged).to.equal(true);
    expect(m.x[0]).to.be.closeTo(1, 1e-7);
  });
});
