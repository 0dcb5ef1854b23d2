import fc from "fast-check";
import { expect } from "chai";
import { lgamma as mathjsLgamma } from "mathjs";
import { digamma, hyp2f1, hyp2f1OneNearOne, lbeta, lgamma, lgammaRise, logAddExp } from "../../src/metrics/models/special";

const EULER = 0.5772156649015329;

describe("models: special functions", () => {
  describe("lgamma", () => {
    it("is ln((n−1)!) at whole numbers", () => {
      let fact = 1;
      for (let n = 1; n <= 30; n++) {
        expect(lgamma(n)).to.be.closeTo(Math.log(fact), 1e-13 * Math.max(1, Math.log(fact)));
        fact *= n;
      }
    });
    it("is ln √π at ½ and follows Γ(x+1) = x·Γ(x) across the shift point 10", () => {
      expect(lgamma(0.5)).to.be.closeTo(0.5 * Math.log(Math.PI), 1e-14);
      for (const x of [0.01, 0.3, 2.5, 9.5, 9.99, 10.2, 123.4]) expect(lgamma(x + 1) - lgamma(x)).to.be.closeTo(Math.log(x), 1e-12);
    });
    it("agrees with mathjs (an independent Lanczos implementation) to its accuracy", () => {
      for (const x of [1e-8, 0.001, 0.1, 0.9, 1.5, 3.7, 17.25, 171.3, 1e4]) {
        const ref = mathjsLgamma(x) as number;
        expect(Math.abs(lgamma(x) - ref)).to.be.below(1e-10 * Math.max(1, Math.abs(ref)));
      }
    });
    it("is NaN outside x > 0, so a bad parameter cannot pass silently", () => {
      expect(lgamma(0)).to.be.NaN;
      expect(lgamma(-1.5)).to.be.NaN;
      expect(lgamma(NaN)).to.be.NaN;
    });
  });

  describe("digamma", () => {
    it("matches the known values ψ(1) = −γ and ψ(½) = −γ − 2 ln 2", () => {
      expect(digamma(1)).to.be.closeTo(-EULER, 1e-14);
      expect(digamma(0.5)).to.be.closeTo(-EULER - 2 * Math.log(2), 1e-14);
    });
    it("is the derivative of lgamma", () => {
      for (const x of [0.05, 0.7, 3, 11, 250]) {
        const h = 1e-5 * Math.max(1, x);
        expect(digamma(x)).to.be.closeTo((lgamma(x + h) - lgamma(x - h)) / (2 * h), 1e-7 * Math.max(1, Math.abs(digamma(x))));
      }
    });
    it("follows ψ(x+1) = ψ(x) + 1/x", () => {
      for (const x of [0.2, 4.5, 9.7, 40]) expect(digamma(x + 1) - digamma(x)).to.be.closeTo(1 / x, 1e-13);
    });
  });

  it("lbeta(2, 3) = ln(1/12) and logAddExp does not overflow", () => {
    expect(lbeta(2, 3)).to.be.closeTo(Math.log(1 / 12), 1e-14);
    expect(logAddExp(1000, 1000)).to.be.closeTo(1000 + Math.log(2), 1e-12);
    expect(logAddExp(-Infinity, 3)).to.equal(3);
  });

  describe("hyp2f1", () => {
    it("matches closed forms: −ln(1−z)/z, (1−z)^−a and asin(z)/z", () => {
      for (const z of [0.1, 0.5, 0.9, 0.99]) {
        expect(hyp2f1(1, 1, 2, z)).to.be.closeTo(-Math.log(1 - z) / z, 1e-12);
        expect(hyp2f1(0.7, 2.5, 2.5, z)).to.be.closeTo(Math.pow(1 - z, -0.7), 1e-10 * Math.pow(1 - z, -0.7));
        expect(hyp2f1(0.5, 0.5, 1.5, z * z)).to.be.closeTo(Math.asin(z) / z, 1e-12);
      }
    });
    it("stays exact as z nears 1 (a discount rate near 0), where the series would need millions of terms", () => {
      for (const near of [9e-4, 1e-5, 1e-9, 1e-13]) {
        const z = 1 - near;
        const gap = 1 - z; // what the double z really leaves (1e-9 becomes 1.00000008e-9)
        expect(hyp2f1(1, 1, 2, z), `1 − z = ${gap}`).to.be.closeTo(-Math.log(gap) / z, 1e-12 * (-Math.log(gap) / z));
        // ₂F₁(1, 2; 3; z) = 2(−ln(1−z) − z)/z², and b = 1 the other way round.
        const two = (2 * (-Math.log(gap) - z)) / (z * z);
        expect(hyp2f1(1, 2, 3, z), `1 − z = ${gap}`).to.be.closeTo(two, 1e-12 * two);
        expect(hyp2f1(2, 1, 3, z), `1 − z = ${gap}`).to.be.closeTo(two, 1e-12 * two);
      }
    });
    it("integrates near z = 1 what the series sums further away (they agree where both run)", () => {
      fc.assert(
        fc.property(fc.double({ min: 0.05, max: 1e6, noNaN: true }), fc.double({ min: 0.05, max: 20, noNaN: true }), fc.double({ min: 1e-3, max: 0.3, noNaN: true }), (b, alpha, gap) => {
          const [series, integral] = [hyp2f1(1, b, b + alpha, 1 - gap), hyp2f1OneNearOne(b, b + alpha, 1 - gap)];
          expect(integral).to.be.closeTo(series, 1e-11 * series);
        }),
        { numRuns: 300 },
      );
    });
    it("lgammaRise is ln Γ(x + a) − ln Γ(x), with all its digits for huge x", () => {
      for (const [x, a] of [[0.5, 0.3], [99, 2.5], [100, 2.5], [5000, 0.7]]) expect(lgammaRise(x, a)).to.be.closeTo(lgamma(x + a) - lgamma(x), 1e-11);
      // Γ(x + 1)/Γ(x) = x exactly, at any size.
      for (const x of [150, 1e6, 1e12]) expect(lgammaRise(x, 1)).to.be.closeTo(Math.log(x), 1e-14 * Math.log(x));
    });
    it("uses Gauss's theorem at z = 1 when c − a − b > 0", () => {
      // ₂F₁(1, b; c; 1) = (c − 1)/(c − 1 − b)
      expect(hyp2f1(1, 2, 5, 1)).to.be.closeTo(4 / 2, 1e-12);
      expect(hyp2f1(1, 2, 3, 1)).to.be.NaN; // diverges: c − a − b = 0
    });
    it("is NaN where undefined: c a non-positive integer, z outside [0, 1]", () => {
      expect(hyp2f1(1, 1, -2, 0.5)).to.be.NaN;
      expect(hyp2f1(1, 1, 2, 1.5)).to.be.NaN;
      expect(hyp2f1(1, 1, 2, -0.1)).to.be.NaN;
    });
  });
});
