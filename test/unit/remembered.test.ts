import { expect } from "chai";
import { keyOf, Remembered } from "../../src/functions/remembered";

describe("Remembered", () => {
  it("makes a value once per key and hands the same one back", () => {
    const memo = new Remembered<{ key: string }>(2);
    let made = 0;
    const make = (key: string) => () => ({ key: `${key}${++made}` });
    const a = memo.get("a", make("a"));
    expect(a).to.deep.equal({ key: "a1" });
    expect(memo.get("a", make("a"))).to.equal(a);
    expect(made).to.equal(1);
  });

  it("forgets the least recently used key once full, not the oldest made", () => {
    const memo = new Remembered<number>(2);
    let made = 0;
    const make = () => ++made;
    expect(memo.get("a", make)).to.equal(1);
    expect(memo.get("b", make)).to.equal(2);
    expect(memo.get("a", make)).to.equal(1); // a is now the most recent
    expect(memo.get("c", make)).to.equal(3); // so b goes
    expect(memo.get("a", make)).to.equal(1); // now c is the least recent
    expect(memo.get("b", make)).to.equal(4); // so c goes
    expect(memo.get("a", make)).to.equal(1);
    expect(memo.get("c", make)).to.equal(5);
  });

  it("keys apart the numbers JSON cannot write, from each other and from null, 0 and their text", () => {
    const values = [NaN, Infinity, -Infinity, null, 0, -0, "NaN", "Infinity", "-0", 1e308, true, "true"];
    const keys = values.map((v) => keyOf([["city", v, 5]]));
    expect(new Set(keys).size).to.equal(values.length);
    expect(keyOf({ r: 0.243, alpha: 4.414 })).to.equal(keyOf({ r: 0.243, alpha: 4.414 }));
  });
});
