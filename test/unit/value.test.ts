import { expect } from "chai";
import fc from "fast-check";
import { isMetricError } from "../../src/metrics/errors";
import { cac, cacPayback, clv, profitPerCustomer } from "../../src/metrics/value";

const codeOf = (r: unknown): string => (isMetricError(r) ? r.code : "value");

describe("clv", () => {
  it("holds seed 002's worked examples: 800, and 1,050 at a purchase value of 35 over 6 years", () => {
    expect(clv(100000, 2500, 500, 4)).to.equal(800);
    expect(clv(35 * 2500, 2500, 500, 6)).to.equal(1050);
  });
  it("multiplies by the margin, 1 by default", () => {
    expect(clv(100000, 2500, 500, 4, 0.3)).to.be.closeTo(240, 1e-9);
    expect(clv(100000, 2500, 500, 4, 0)).to.equal(0);
  });
  it("is #DIV/0! with no purchases or no customers", () => {
    expect(codeOf(clv(100000, 0, 500, 4))).to.equal("#DIV/0!");
    expect(codeOf(clv(100000, 2500, 0, 4))).to.equal("#DIV/0!");
  });
  it("is #NUM! for a margin outside 0…1, a negative revenue or lifespan, or a bad count", () => {
    expect(codeOf(clv(100000, 2500, 500, 4, 1.01))).to.equal("#NUM!");
    expect(codeOf(clv(100000, 2500, 500, 4, -0.5))).to.equal("#NUM!");
    expect(codeOf(clv(-1, 2500, 500, 4))).to.equal("#NUM!");
    expect(codeOf(clv(100000, 2500, 500, -4))).to.equal("#NUM!");
    expect(codeOf(clv(100000, 2500.5, 500, 4))).to.equal("#NUM!");
    expect(codeOf(clv(100000, 2500, 500, NaN))).to.equal("#NUM!");
  });
});

describe("cac and cacPayback", () => {
  it("cac is spend ÷ customers acquired", () => {
    expect(cac(50000, 125)).to.equal(400);
    expect(cac(0, 10)).to.equal(0);
  });
  it("cac is #DIV/0! with no customers, #NUM! for negative spend", () => {
    expect(codeOf(cac(50000, 0))).to.equal("#DIV/0!");
    expect(codeOf(cac(-1, 10))).to.equal("#NUM!");
    expect(codeOf(cac(Infinity, 10))).to.equal("#NUM!");
  });
  it("payback is cac ÷ (monthly revenue × gross margin), in months", () => {
    expect(cacPayback(400, 50, 0.8)).to.equal(10);
    expect(cacPayback(400, 50)).to.equal(8);
  });
  it("payback is #DIV/0! when nothing is earned per month, #NUM! for a margin over 1", () => {
    expect(codeOf(cacPayback(400, 0))).to.equal("#DIV/0!");
    expect(codeOf(cacPayback(400, 50, 0))).to.equal("#DIV/0!");
    expect(codeOf(cacPayback(400, 50, 80))).to.equal("#NUM!");
    expect(codeOf(cacPayback(-400, 50))).to.equal("#NUM!");
  });
});

describe("profitPerCustomer", () => {
  it("is (revenue − costs) ÷ customers, negative for a loss", () => {
    expect(profitPerCustomer(250000, 180000, 350)).to.equal(200);
    expect(profitPerCustomer(1000, 1500, 10)).to.equal(-50);
  });
  it("is #DIV/0! with no customers, #NUM! for a negative total", () => {
    expect(codeOf(profitPerCustomer(1000, 400, 0))).to.equal("#DIV/0!");
    expect(codeOf(profitPerCustomer(-1000, 400, 3))).to.equal("#NUM!");
    expect(codeOf(profitPerCustomer(1000, -400, 3))).to.equal("#NUM!");
  });
});

// ---- properties ----

const money = fc.double({ min: 0, max: 1e9, noNaN: true });
const count = fc.integer({ min: 1, max: 1_000_000 });
const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const rel = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

describe("value properties", () => {
  it("CLV is ≥ 0, equals revenue ÷ customers × lifespan × margin, and never exceeds the margin-free CLV", () => {
    fc.assert(
      fc.property(money, count, count, fc.double({ min: 0, max: 100, noNaN: true }), fraction, (revenue, purchases, customers, lifespan, margin) => {
        const v = clv(revenue, purchases, customers, lifespan, margin);
        const full = clv(revenue, purchases, customers, lifespan);
        if (typeof v !== "number" || typeof full !== "number") return false;
        return v >= 0 && v <= full * (1 + 1e-12) && rel(v, (revenue / customers) * lifespan * margin);
      }),
    );
  });
  it("CAC × customers gives back the spend; payback × monthly gross profit gives back the CAC", () => {
    fc.assert(
      fc.property(money, count, fc.double({ min: 1, max: 1e6, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true }), (spend, n, monthly, margin) => {
        const c = cac(spend, n);
        if (typeof c !== "number" || c < 0 || !rel(c * n, spend)) return false;
        const p = cacPayback(c, monthly, margin);
        return typeof p === "number" && p >= 0 && rel(p * monthly * margin, c);
      }),
    );
  });
  it("profit per customer lies between −costs ÷ customers and revenue ÷ customers", () => {
    fc.assert(
      fc.property(money, money, count, (revenue, costs, n) => {
        const p = profitPerCustomer(revenue, costs, n);
        return typeof p === "number" && p >= -costs / n - 1e-6 && p <= revenue / n + 1e-6;
      }),
    );
  });
  it("never throw, whatever numbers arrive", () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), fc.double(), fc.double(), fc.double(), (a, b, c, d, e) => {
        for (const r of [clv(a, b, c, d, e), cac(a, b), cacPayback(a, b, c), profitPerCustomer(a, b, c)]) {
          if (!isMetricError(r) && !(typeof r === "number" && Number.isFinite(r))) return false;
        }
        return true;
      }),
    );
  });
});
