import { expect } from "chai";
import { serialFromYMD } from "../../src/metrics/dates";
import { formatValue } from "../../src/preview/format";
import { plainError } from "../../src/taskpane/errors";

describe("preview number formats", () => {
  it("shows percentages, thousands and decimals as Excel does", () => {
    expect(formatValue(0.036723, "0.0%")).to.equal("3.7%");
    expect(formatValue(0.5, "0%")).to.equal("50%");
    expect(formatValue(1234567.891, "#,##0")).to.equal("1,234,568");
    expect(formatValue(38.005319, "#,##0.00")).to.equal("38.01");
    expect(formatValue(12.48, "0.0")).to.equal("12.5");
  });
  it("shows dates, date-times and months", () => {
    const d = serialFromYMD(2026, 10, 31);
    expect(formatValue(d, "yyyy-mm-dd")).to.equal("2026-10-31");
    expect(formatValue(d + 0.5 + 1 / 1440, "yyyy-mm-dd hh:mm")).to.equal("2026-10-31 12:01");
    expect(formatValue(serialFromYMD(2025, 11, 1), "mmm yyyy")).to.equal("Nov 2025");
  });
  it("shows General numbers, text, booleans, errors and blanks plainly", () => {
    expect(formatValue(0.1 + 0.2)).to.equal("0.3");
    expect(formatValue(42)).to.equal("42");
    expect(formatValue("#DIV/0!", "0.0%")).to.equal("#DIV/0!");
    expect(formatValue(true)).to.equal("TRUE");
    expect(formatValue(null, "0%")).to.equal("");
  });
});

describe("task pane errors", () => {
  it("keeps the pane's own messages and never shows a validation dump", () => {
    expect(plainError(new Error("Map your data first (section 1)."))).to.equal("Map your data first (section 1).");
    expect(plainError(new Error('[\n  {\n    "code": "custom"'))).to.equal("The input could not be used. Check the fields and try again.");
    expect(plainError(new Error(""))).to.equal("Something went wrong; nothing was written.");
  });
});
