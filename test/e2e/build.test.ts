/**
 * The production build as Excel loads it: one taskpane.html with office.js, the functions and the
 * pane; functions.json; icons; the manifest pointed at ADDIN_URL everywhere; and no HyperFormula
 * (GPL-3.0, preview and tests only) anywhere in what ships.
 */
import { expect } from "chai";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import webpack from "webpack";
// @ts-ignore plain ESM config
import config from "../../webpack.config.js";
// @ts-ignore plain ESM helper
import { root } from "../../scripts/function-files.mjs";

const OUT = join(root, "build", "prod-test");

function build(env: Record<string, unknown>, url: string): Promise<void> {
  const saved = process.env.ADDIN_URL;
  process.env.ADDIN_URL = url;
  try {
    const compiler = webpack(config(env, { mode: "production" }));
    return new Promise((resolve, reject) =>
      compiler.run((err, stats) => {
        compiler.close(() => undefined);
        if (err || stats?.hasErrors()) reject(err ?? new Error(stats!.toString("errors-only")));
        else resolve();
      }),
    );
  } finally {
    if (saved === undefined) delete process.env.ADDIN_URL;
    else process.env.ADDIN_URL = saved;
  }
}

describe("production build", function () {
  this.timeout(180000);
  before(() => build({ out: "build/prod-test" }, "https://crm.example.com/addin"));

  it("holds the shared-runtime page, the metadata, the icons and the manifest", () => {
    for (const f of ["taskpane.html", "taskpane.js", "functions.js", "functions.json", "manifest.xml", "assets/icon-16.png", "assets/icon-32.png", "assets/icon-64.png", "assets/icon-80.png", "assets/icon-128.png"]) {
      expect(existsSync(join(OUT, f)), f).to.equal(true);
    }
    expect(existsSync(join(OUT, "preview.html"))).to.equal(false);
    const html = readFileSync(join(OUT, "taskpane.html"), "utf8");
    expect(html).to.match(/<script src="?https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js"?><\/script>/);
    expect(html.indexOf("office.js")).to.be.lessThan(html.indexOf("functions.js"));
    expect(html.indexOf("functions.js")).to.be.lessThan(html.indexOf("taskpane.js"));
    const meta = JSON.parse(readFileSync(join(OUT, "functions.json"), "utf8"));
    expect(meta.functions.map((f: { id: string }) => f.id)).to.include.members(["CHURN", "NPS", "PROGRESS", "GOALSTATUS"]);
  });

  it("associates every function in the bundle it ships", () => {
    const js = readFileSync(join(OUT, "functions.js"), "utf8");
    const meta = JSON.parse(readFileSync(join(OUT, "functions.json"), "utf8"));
    for (const f of meta.functions) expect(js, f.id).to.match(new RegExp(`associate\\("${f.id.replace(".", "\\.")}"`));
  });

  it("points every manifest URL at ADDIN_URL, replacing all of them", () => {
    const xml = readFileSync(join(OUT, "manifest.xml"), "utf8");
    expect(xml).to.not.contain("localhost");
    expect(xml).to.contain('<bt:Url id="Taskpane.Url" DefaultValue="https://crm.example.com/addin/taskpane.html" />');
    expect(xml).to.contain("<AppDomain>https://crm.example.com</AppDomain>");
    expect((xml.match(/https:\/\/crm\.example\.com\/addin\//g) ?? []).length).to.be.greaterThan(5);
  });

  it("ships no HyperFormula", () => {
    for (const f of readdirSync(OUT).filter((x) => x.endsWith(".js"))) {
      expect(readFileSync(join(OUT, f), "utf8"), f).to.not.match(/hyperformula|HyperFormula|gpl-v3/i);
    }
  });
});
