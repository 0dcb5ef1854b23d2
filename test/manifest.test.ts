import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
// @ts-ignore plain ESM tooling module
import { manifestProblems } from "../scripts/manifest-checks.mjs";

const ROOT = join(import.meta.dirname, "..");
const XML = readFileSync(join(ROOT, "manifest.xml"), "utf8");
const check = (xml: string): Promise<string[]> => manifestProblems(xml, { assetsDir: join(ROOT, "assets") });

describe("manifest.xml (offline checks)", () => {
  it("passes every check", async () => {
    expect(await check(XML)).to.deep.equal([]);
  });
  it("declares the CRM namespace, the shared runtime and ReadWriteDocument", () => {
    expect(XML).to.match(/id="Functions.Namespace" DefaultValue="CRM"/);
    expect(XML).to.match(/<Set Name="SharedRuntime" MinVersion="1.1"/);
    expect(XML).to.match(/<Permissions>ReadWriteDocument<\/Permissions>/);
  });
  it("rejects malformed XML", async () => {
    expect((await check(XML.replace("</OfficeApp>", "")))[0]).to.match(/not well-formed/);
  });
  it("rejects a resid that no resource defines", async () => {
    const problems = await check(XML.replace('<Label resid="CommandsGroup.Label" />', '<Label resid="Nope.Label" />'));
    expect(problems).to.include('Label refers to resid "Nope.Label", which no resource defines');
  });
  it("rejects a duplicate resource id", async () => {
    const dup = XML.replace("</bt:Images>", '<bt:Image id="Icon.16x16" DefaultValue="https://localhost:3000/assets/icon-16.png" /></bt:Images>');
    expect(await check(dup)).to.include('resource id "Icon.16x16" is defined twice');
  });
  it("rejects a second host, plain http, a missing icon and a wrong namespace", async () => {
    const bad = XML.replace("https://localhost:3000/functions.json", "http://example.test/functions.json")
      .replace("assets/icon-80.png", "assets/icon-81.png")
      .replace('DefaultValue="CRM"', 'DefaultValue="CONTOSO"');
    const problems = await check(bad);
    expect(problems.some((p: string) => /not https/.test(p))).to.equal(true);
    expect(problems.some((p: string) => /2 different hosts/.test(p))).to.equal(true);
    expect(problems.some((p: string) => /icon-81.png.*does not exist/.test(p))).to.equal(true);
    expect(problems).to.include('Functions.Namespace is "CONTOSO", expected "CRM"');
  });
  it("rejects more permissions than the add-in needs", async () => {
    expect(await check(XML.replace("ReadWriteDocument", "ReadWriteMailbox"))).to.include('Permissions is "ReadWriteMailbox"; the add-in needs ReadWriteDocument and no more');
  });
});
