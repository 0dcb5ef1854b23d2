import { expect } from "chai";
import fc from "fast-check";
import { isMetricError, MetricError } from "../../src/metrics/errors";
import {
  closeRate,
  costPerLead,
  leadConversion,
  listGrowth,
  netNewRevenue,
  quotaAttainment,
  salesCycle,
  salesGrowth,
  STAGE_HEADER,
  stageDuration,
  StageStats,
  stageTable,
  upsellRate,
} from "../../src/metrics/sales";

const codeOf = (r: unknown) => (isMetricError(r) ? r.code : r);

describe("sales metrics: rates of counts", () => {
  for (const [name, f] of [
    ["closeRate", closeRate],
    ["leadConversion", leadConversion],
    ["upsellRate", upsellRate],
  ] as const) {
    it(`${name}: part ÷ whole, #NUM! for part > whole or a bad count, #DIV/0! for an empty whole`, () => {
      expect(f(30, 100)).to.equal(0.3);
      expect(f(0, 7)).to.equal(0);
      expect(f(7, 7)).to.equal(1);
      expect(codeOf(f(8, 7))).to.equal("#NUM!");
      expect(codeOf(f(-1, 7))).to.equal("#NUM!");
      expect(codeOf(f(1.5, 7))).to.equal("#NUM!");
      expect(codeOf(f(1, NaN))).to.equal("#NUM!");
      expect(codeOf(f(0, 0))).to.equal("#DIV/0!");
    });
    it(`${name}: stays within 0..1 for any valid counts`, () => {
      fc.assert(
        fc.property(fc.nat(1e9), fc.nat(1e9), (a, b) => {
          const [part, whole] = a <= b ? [a, b] : [b, a];
          const r = f(part, whole);
          if (whole === 0) return codeOf(r) === "#DIV/0!";
          return typeof r === "number" && r >= 0 && r <= 1 && r === part / whole;
        }),
      );
    });
  }
  it("closeRate names the counts in its #NUM! message", () => {
    expect((closeRate(101, 100) as MetricError).message).to.equal("won (101) is more than opportunities (100)");
  });
});

describe("sales metrics: amounts", () => {
  it("costPerLead divides spend by leads", () => {
    expect(costPerLead(5000, 250)).to.equal(20);
    expect(costPerLead(0, 10)).to.equal(0);
    expect(codeOf(costPerLead(5000, 0))).to.equal("#DIV/0!");
    expect(codeOf(costPerLead(-1, 10))).to.equal("#NUM!");
    expect(codeOf(costPerLead(100, -10))).to.equal("#NUM!");
  });
  it("salesGrowth is (current − previous) ÷ previous", () => {
    expect(salesGrowth(115, 100)).to.be.closeTo(0.15, 1e-12);
    expect(salesGrowth(50, 200)).to.equal(-0.75);
    expect(codeOf(salesGrowth(100, 0))).to.equal("#DIV/0!");
    expect(codeOf(salesGrowth(100, -5))).to.equal("#NUM!");
    expect(codeOf(salesGrowth(Infinity, 5))).to.equal("#NUM!");
  });
  it("salesGrowth is never below −100% when current sales are not negative", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.double({ min: 1e-6, max: 1e12, noNaN: true }), (cur, prev) => {
        const r = salesGrowth(cur, prev) as number;
        return r >= -1 && Math.abs(prev * (1 + r) - cur) <= 1e-9 * Math.max(1, cur, prev);
      }),
    );
  });
  it("quotaAttainment is sales ÷ quota, uncapped", () => {
    expect(quotaAttainment(95000, 100000)).to.equal(0.95);
    expect(quotaAttainment(150, 100)).to.equal(1.5);
    expect(codeOf(quotaAttainment(1, 0))).to.equal("#DIV/0!");
    expect(codeOf(quotaAttainment(1, -1))).to.equal("#NUM!");
  });
  it("listGrowth is (new − unsubscribed) ÷ start, never below −100%", () => {
    expect(listGrowth(300, 100, 5000)).to.equal(0.04);
    expect(codeOf(listGrowth(0, 0, 0))).to.equal("#DIV/0!");
    expect(codeOf(listGrowth(0, 11, 10))).to.equal("#NUM!");
    expect(codeOf(listGrowth(-1, 0, 10))).to.equal("#NUM!");
    fc.assert(
      fc.property(fc.nat(1e6), fc.nat(1e6), fc.integer({ min: 1, max: 1e6 }), (joined, left, start) => {
        const r = listGrowth(joined, left, start);
        if (left > start + joined) return codeOf(r) === "#NUM!";
        return typeof r === "number" && r >= -1 && r === (joined - left) / start;
      }),
    );
  });
});

/** Net new revenue straight from its definition, quadratic, as an oracle. */
function netNewRevenueByDefinition(ids: string[], dates: number[], amounts: number[], from: number, to: number): number {
  let total = 0;
  for (let k = 0; k < ids.length; k++) {
    const first = Math.min(...ids.map((id, j) => (id.toLowerCase() === ids[k].toLowerCase() ? Math.floor(dates[j]) : Infinity)));
    const day = Math.floor(dates[k]);
    if (day >= from && day <= to && first >= from) total += amounts[k];
  }
  return total;
}

describe("netNewRevenue", () => {
  const d = (day: number) => 45292 + day; // days after 2024-01-01
  it("counts in-period revenue of customers first seen in the period", () => {
    // A first bought before the period; B and C are new; C's after-period purchase does not count
    const ids = ["A", "A", "B", "C", "C", "b"];
    const dates = [d(-5), d(3), d(0), d(10), d(40), d(30)];
    const amounts = [100, 200, 50, 70, 1000, 5];
    expect(netNewRevenue(ids, dates, amounts, d(0), d(30))).to.equal(125);
  });
  it("rejects partial rows, naming them, and an empty log", () => {
    expect((netNewRevenue(["A", null], [1, 2], [1, 2], 0, 9) as MetricError).message).to.match(/^row 2 has a purchase/);
    expect((netNewRevenue(["A", "B"], [1, null], [1, 2], 0, 9) as MetricError).message).to.match(/^row 2 \(customer "B"\) has no date/);
    expect((netNewRevenue(["A", "B"], [1, 2], [1, null], 0, 9) as MetricError).message).to.match(/^row 2 \(customer "B"\) has no amount/);
    expect(codeOf(netNewRevenue([null], [null], [null], 0, 9))).to.equal("#VALUE!");
    expect(codeOf(netNewRevenue(["A"], [1], [1, 2], 0, 9))).to.equal("#VALUE!");
    expect(codeOf(netNewRevenue(["A"], [1], [1], 9, 0))).to.equal("#NUM!");
  });
  it("agrees with its definition on random purchase logs", () => {
    const row = fc.tuple(fc.constantFrom("A", "a", "B", "C", "D", "E"), fc.integer({ min: 0, max: 60 }), fc.integer({ min: -50, max: 500 }), fc.constantFrom(0, 0.25, 0.9));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 60 }), fc.nat(30), (rows, from, len) => {
        const ids = rows.map((r) => r[0]);
        const dates = rows.map((r) => r[1] + r[3]);
        const amounts = rows.map((r) => r[2]);
        return netNewRevenue(ids, dates, amounts, from, from + len + 0.5) === netNewRevenueByDefinition(ids, dates, amounts, from, from + len);
      }),
    );
  });
});

describe("salesCycle", () => {
  it("averages closed − created over closed deals; with outcomes, won deals only", () => {
    expect(salesCycle([0, 10, 20], [30, 70, null])).to.equal(45);
    expect(salesCycle([0, 10, 20], [30, 70, null], [true, false, null])).to.equal(30);
    expect(salesCycle([0, 10, 20], [30, 70, null], [false, true, false])).to.equal(60);
  });
  it("is #NUM! for closing before creation, #DIV/0! with nothing closed or won", () => {
    expect(codeOf(salesCycle([5], [4]))).to.equal("#NUM!");
    expect(codeOf(salesCycle([5, 6], [null, null]))).to.equal("#DIV/0!");
    expect(codeOf(salesCycle([5, 6], [7, 8], [false, false]))).to.equal("#DIV/0!");
    expect((salesCycle([5, 6], [7, 8], [false, false]) as MetricError).message).to.equal("there are no won deals");
  });
  it("is #VALUE! for contradictory rows", () => {
    expect(codeOf(salesCycle([null], [4]))).to.equal("#VALUE!");
    expect(codeOf(salesCycle([1], [4], [null]))).to.equal("#VALUE!");
    expect(codeOf(salesCycle([1], [null], [true]))).to.equal("#VALUE!");
    expect(salesCycle([1, 2], [null, 5], [false, true])).to.equal(3);
  });
  it("lies between the shortest and the longest closed cycle", () => {
    const deal = fc.tuple(fc.integer({ min: 40000, max: 46000 }), fc.option(fc.integer({ min: 0, max: 400 })));
    fc.assert(
      fc.property(fc.array(deal, { minLength: 1, maxLength: 50 }), (deals) => {
        const r = salesCycle(deals.map((x) => x[0]), deals.map(([c, len]) => (len === null ? null : c + len)));
        const lens = deals.flatMap((x) => (x[1] === null ? [] : [x[1]]));
        if (lens.length === 0) return codeOf(r) === "#DIV/0!";
        return typeof r === "number" && r >= Math.min(...lens) - 1e-9 && r <= Math.max(...lens) + 1e-9;
      }),
    );
  });
});

/** STAGEDURATION straight from its definition, without the fast path's tricks, as an oracle. */
function stagesByDefinition(ids: string[], stages: string[], dates: number[], asOf: number | null) {
  const order = [...new Set(stages.map((s) => s.toLowerCase()))];
  const rows = ids.map((id, k) => ({ id: id.toLowerCase(), s: order.indexOf(stages[k].toLowerCase()), date: dates[k], k })).filter((r) => asOf === null || r.date <= asOf);
  const byDeal = new Map<string, typeof rows>();
  for (const r of rows) byDeal.set(r.id, [...(byDeal.get(r.id) ?? []), r]);
  const perStage = order.map(() => ({ deals: 0, moved: 0, days: [] as number[] }));
  for (const list of byDeal.values()) {
    list.sort((a, b) => a.date - b.date || a.k - b.k);
    for (let s = 0; s < order.length; s++) {
      const first = list.findIndex((r) => r.s === s);
      if (first < 0) continue;
      perStage[s].deals++;
      if (list.slice(first + 1).some((r) => r.s > s)) perStage[s].moved++;
      let total = 0;
      let measured = false;
      list.forEach((r, i) => {
        if (r.s !== s) return;
        const next = i + 1 < list.length ? list[i + 1].date : asOf;
        if (next !== null) {
          total += next - r.date;
          measured = true;
        }
      });
      if (measured) perStage[s].days.push(total);
    }
  }
  return perStage.map(({ deals, moved, days }) => {
    const sorted = [...days].sort((a, b) => a - b);
    const m = sorted.length >> 1;
    return {
      deals,
      moved: deals ? moved / deals : null,
      average: days.length ? days.reduce((a, b) => a + b, 0) / days.length : null,
      median: days.length ? (sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2) : null,
    };
  });
}

const num = (r: unknown) => (isMetricError(r) ? null : (r as number));

describe("stageDuration", () => {
  it("measures visits between entries and counts the current stage only with as_of", () => {
    const ids = ["D1", "D1", "D2", "D1"];
    const stages = ["Lead", "Demo", "Lead", "Won"];
    const dates = [0, 4, 2, 10];
    const plain = stageDuration(ids, stages, dates) as StageStats[];
    expect(plain.map((s) => [s.stage, s.deals, num(s.averageDays), num(s.medianDays), num(s.movedOn)])).to.deep.equal([
      ["Lead", 2, 4, 4, 0.5],
      ["Demo", 1, 6, 6, 1],
      ["Won", 1, null, null, 0],
    ]);
    expect(codeOf(plain[2].averageDays)).to.equal("#DIV/0!");
    expect(codeOf(plain[2].medianDays)).to.equal("#NUM!");
    const later = stageDuration(ids, stages, dates, 12) as StageStats[];
    expect(later.map((s) => [s.deals, num(s.averageDays), num(s.medianDays)])).to.deep.equal([
      [2, 7, 7], // D1 4, D2 10
      [1, 6, 6],
      [1, 2, 2],
    ]);
  });
  it("spills the header row first", () => {
    const table = stageTable(stageDuration(["X"], ["Lead"], [1], 3) as StageStats[]);
    expect(table[0]).to.deep.equal([...STAGE_HEADER]);
    expect(table[1]).to.deep.equal(["Lead", 1, 2, 2, 0]);
  });
  it("rejects partial rows naming them, mismatched sizes and an empty log", () => {
    expect((stageDuration(["A", null], ["Lead", "Won"], [1, 2]) as MetricError).message).to.match(/^row 2 has a stage entry/);
    expect((stageDuration(["A", "B"], ["Lead", null], [1, 2]) as MetricError).message).to.match(/^row 2 \(deal "B"\) has no stage/);
    expect((stageDuration(["A", "B"], ["Lead", "Won"], [1, null]) as MetricError).message).to.match(/^row 2 \(deal "B"\) has no date/);
    expect(codeOf(stageDuration(["A"], ["Lead", "Won"], [1, 2]))).to.equal("#VALUE!");
    expect(codeOf(stageDuration([null], [null], [null]))).to.equal("#VALUE!");
  });
  it("sorts a long deal history (beyond the insertion-sort run) by date", () => {
    const n = 40;
    const ids = Array(n).fill("D");
    const stages = Array.from({ length: n }, (_, i) => `S${i}`);
    const dates = Array.from({ length: n }, (_, i) => (i * 7919) % n); // a permutation of 0..n-1
    const stats = stageDuration(ids, stages, dates, n - 1) as StageStats[];
    // sorted by date each stage lasts exactly one day, except the last, which ends at as_of
    expect(stats.map((s) => num(s.averageDays))).to.deep.equal(dates.map((d) => (d === n - 1 ? 0 : 1)));
  });

  const log = fc.array(
    fc.tuple(fc.constantFrom("D1", "D2", "d2", "D3", "D4", "D5"), fc.constantFrom("Lead", "Qualified", "proposal", "Proposal", "Negotiation", "Won", "Lost"), fc.integer({ min: 0, max: 90 })),
    { minLength: 1, maxLength: 60 },
  );
  it("agrees with its definition on random stage logs", () => {
    fc.assert(
      fc.property(log, fc.option(fc.integer({ min: 0, max: 120 })), (rows, asOf) => {
        const [ids, stages, dates] = [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])];
        const got = stageDuration(ids, stages, dates, asOf) as StageStats[];
        const want = stagesByDefinition(ids, stages, dates, asOf);
        expect(got).to.have.length(want.length);
        got.forEach((g, s) => {
          expect(g.deals).to.equal(want[s].deals);
          expect(num(g.movedOn)).to.equal(want[s].moved);
          expect(num(g.medianDays)).to.equal(want[s].median);
          if (want[s].average === null) expect(num(g.averageDays)).to.equal(null);
          else expect(num(g.averageDays)).to.be.closeTo(want[s].average!, 1e-9);
        });
      }),
    );
  });
  it("keeps shares in 0..1, durations ≥ 0 and the last stage never moving on", () => {
    fc.assert(
      fc.property(log, fc.option(fc.integer({ min: 0, max: 120 })), (rows, asOf) => {
        const stats = stageDuration(rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), asOf) as StageStats[];
        for (const s of stats) {
          const share = num(s.movedOn);
          if (share !== null && (share < 0 || share > 1)) return false;
          if (s.deals === 0 && share !== null) return false;
          const avg = num(s.averageDays);
          const med = num(s.medianDays);
          if ((avg !== null && avg < 0) || (med !== null && med < 0)) return false;
        }
        const last = num(stats[stats.length - 1].movedOn);
        return last === null || last === 0;
      }),
    );
  });
});

describe("sales metrics never throw", () => {
  const cell = fc.option(fc.oneof(fc.double(), fc.integer({ min: -5, max: 5 })));
  const text = fc.option(fc.constantFrom("A", "b", "Lead", "Won", " lead "));
  it("return a number, a table or a MetricError for any input", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, cell, cell, fc.option(fc.boolean()))), fc.double(), fc.double(), (rows, x, y) => {
        const ids = rows.map((r) => r[0]);
        const a = rows.map((r) => r[1]);
        const b = rows.map((r) => r[2]);
        for (const r of [
          closeRate(x, y),
          costPerLead(x, y),
          salesGrowth(x, y),
          quotaAttainment(x, y),
          listGrowth(x, y, x),
          netNewRevenue(ids, a, b, x, y),
          salesCycle(a, b, rows.map((r) => r[3])),
          stageDuration(ids, ids, a, y),
        ]) {
          if (!(isMetricError(r) || typeof r === "number" || Array.isArray(r))) return false;
        }
        return true;
      }),
    );
  });
});
