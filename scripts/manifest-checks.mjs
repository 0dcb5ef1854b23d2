// Offline checks of manifest.xml. Microsoft's `office-addin-manifest validate` calls a web
// service, which this machine (and CI) cannot reach; these checks catch what breaks sideloading
// in practice: malformed XML, undefined or duplicate resource ids, inconsistent URLs, missing
// icons, a wrong namespace, more permissions than needed, strings over Office's length limits.
import { parseStringPromise } from "xml2js";
import { existsSync } from "node:fs";
import { join } from "node:path";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every element of the parsed tree, with its tag name. */
function* elements(node, tag = "(root)") {
  if (Array.isArray(node)) {
    for (const n of node) yield* elements(n, tag);
    return;
  }
  if (node === null || typeof node !== "object") return;
  yield { tag, node };
  for (const [k, v] of Object.entries(node)) if (k !== "$" && k !== "_") yield* elements(v, k);
}

const attr = (node, name) => node?.$?.[name];
const local = (tag) => tag.replace(/^.*:/, "");

/**
 * Problems found in a manifest's text, as plain sentences ([] when it is fine).
 * @param {string} xml the manifest
 * @param {{ assetsDir?: string, namespace?: string }} options where icons live, expected namespace
 */
export async function manifestProblems(xml, { assetsDir, namespace = "CRM" } = {}) {
  const problems = [];
  let doc;
  try {
    doc = await parseStringPromise(xml);
  } catch (e) {
    return [`manifest is not well-formed XML: ${e.message.split("\n")[0]}`];
  }
  const app = doc.OfficeApp;
  if (!app) return ["the root element is not OfficeApp"];
  const text = (name) => app[name]?.[0];
  const id = text("Id");
  if (!GUID.test(String(id ?? ""))) problems.push(`Id "${id}" is not a GUID`);
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(String(text("Version") ?? ""))) problems.push(`Version "${text("Version")}" is not four numbers (1.0.0.0)`);
  const perms = text("Permissions");
  if (perms !== "ReadWriteDocument") problems.push(`Permissions is "${perms}"; the add-in needs ReadWriteDocument and no more`);
  const displayName = attr(app.DisplayName?.[0], "DefaultValue") ?? "";
  if (!displayName || displayName.length > 125) problems.push("DisplayName must be 1–125 characters");
  const description = attr(app.Description?.[0], "DefaultValue") ?? "";
  if (!description || description.length > 250) problems.push("Description must be 1–250 characters");

  // Resources: ids unique, every resid defined, string lengths within Office's limits.
  const defined = new Map();
  const all = [...elements(app)];
  for (const { tag, node } of all) {
    const kind = local(tag);
    if (!["Image", "Url", "String"].includes(kind) || !attr(node, "id")) continue;
    const rid = attr(node, "id");
    if (defined.has(rid)) problems.push(`resource id "${rid}" is defined twice`);
    defined.set(rid, { kind, value: attr(node, "DefaultValue") ?? "" });
  }
  for (const { tag, node } of all) {
    const rid = attr(node, "resid");
    if (rid !== undefined && !defined.has(rid)) problems.push(`${local(tag)} refers to resid "${rid}", which no resource defines`);
  }
  const shortStrings = all.filter(({ tag }) => local(tag) === "ShortStrings").flatMap(({ node }) => node["bt:String"] ?? []);
  for (const s of shortStrings) if ((attr(s, "DefaultValue") ?? "").length > 125) problems.push(`short string "${attr(s, "id")}" is over 125 characters`);
  const longStrings = all.filter(({ tag }) => local(tag) === "LongStrings").flatMap(({ node }) => node["bt:String"] ?? []);
  for (const s of longStrings) if ((attr(s, "DefaultValue") ?? "").length > 250) problems.push(`long string "${attr(s, "id")}" is over 250 characters`);
  const controlIds = all.filter(({ tag }) => ["Group", "Control", "OfficeTab"].includes(local(tag))).map(({ node }) => attr(node, "id")).filter(Boolean);
  for (const cid of new Set(controlIds)) if (controlIds.filter((x) => x === cid).length > 1) problems.push(`control id "${cid}" is used twice`);

  // Custom functions in a shared runtime: namespace, runtime used consistently.
  const ns = defined.get("Functions.Namespace")?.value;
  if (ns !== namespace) problems.push(`Functions.Namespace is "${ns}", expected "${namespace}"`);
  const sets = all.filter(({ tag }) => local(tag) === "Set").map(({ node }) => attr(node, "Name"));
  if (!sets.includes("SharedRuntime")) problems.push("the SharedRuntime requirement set is missing");
  const runtimes = all.filter(({ tag }) => local(tag) === "Runtime").map(({ node }) => attr(node, "resid"));
  if (runtimes.length !== 1) problems.push(`expected one Runtime, found ${runtimes.length}`);
  const runtime = runtimes[0];
  const page = all.find(({ tag }) => local(tag) === "Page")?.node.SourceLocation?.[0];
  if (attr(page, "resid") !== runtime) problems.push("the custom functions Page does not use the shared Runtime's URL");
  const functionFile = all.find(({ tag }) => local(tag) === "FunctionFile")?.node;
  if (attr(functionFile, "resid") !== runtime) problems.push("FunctionFile does not use the shared Runtime's URL");
  for (const { node } of all.filter(({ tag }) => local(tag) === "Action")) {
    if (attr(node, "xsi:type") === "ShowTaskpane" && attr(node.SourceLocation?.[0], "resid") !== runtime) problems.push("the ShowTaskpane action does not use the shared Runtime's URL");
  }
  if (!all.some(({ tag, node }) => local(tag) === "Control" && attr(node, "xsi:type") === "Button")) problems.push("there is no ribbon button to open the task pane");

  // URLs: https, one origin (what the build's host replacement rewrites), icons present.
  const urls = [
    attr(app.IconUrl?.[0], "DefaultValue"),
    attr(app.HighResolutionIconUrl?.[0], "DefaultValue"),
    attr(app.DefaultSettings?.[0]?.SourceLocation?.[0], "DefaultValue"),
    ...[...defined.values()].filter((d) => d.kind !== "String").map((d) => d.value),
  ].filter(Boolean);
  const origins = new Set();
  for (const u of urls) {
    let parsed;
    try {
      parsed = new URL(u);
    } catch {
      problems.push(`"${u}" is not a URL`);
      continue;
    }
    if (parsed.protocol !== "https:") problems.push(`"${u}" is not https (Office loads add-ins over https only)`);
    origins.add(parsed.origin);
    if (assetsDir && parsed.pathname.startsWith("/assets/")) {
      const file = join(assetsDir, parsed.pathname.slice("/assets/".length));
      if (!existsSync(file)) problems.push(`"${u}" names ${file}, which does not exist`);
    }
  }
  if (origins.size > 1) problems.push(`URLs point at ${origins.size} different hosts (${[...origins].join(", ")}); use one`);
  return problems;
}
