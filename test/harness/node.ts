/**
 * The formula harness in Node: generates the functions metadata from the JSDoc in src/functions
 * with Microsoft's generator (the same call webpack's CustomFunctionsMetadataPlugin makes),
 * imports each function it names, and builds the CRM engine from the two.
 */
import "./custom-functions-stub";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";
import { CrmEngine, FunctionMeta, Implementations } from "./engine";
// @ts-ignore plain ESM helper shared with webpack.config.js
import { functionFiles, root } from "../../scripts/function-files.mjs";

export interface Metadata {
  functions: FunctionMeta[];
}

let cached: Promise<{ engine: CrmEngine; metadata: Metadata }> | undefined;

/** Metadata as Excel would receive it, written to build/functions.json for inspection. */
export async function generateMetadata(): Promise<{ metadata: Metadata; associate: { id: string; functionName: string; sourceFileName: string }[] }> {
  const files: string[] = functionFiles();
  const result = await generateCustomFunctionsMetadata(files, false);
  if (result.errors.length > 0) throw new Error(`custom functions metadata has errors:\n${result.errors.join("\n")}`);
  const metadata = JSON.parse(result.metadataJson) as Metadata;
  mkdirSync(join(root, "build"), { recursive: true });
  writeFileSync(join(root, "build", "functions.json"), result.metadataJson);
  return { metadata, associate: result.associate as any };
}

/** The engine with every CRM function, built once per process. */
export function loadEngine(): Promise<{ engine: CrmEngine; metadata: Metadata }> {
  cached ??= (async () => {
    const { metadata, associate } = await generateMetadata();
    const impls: Implementations = new Map();
    for (const a of associate) {
      const mod = await import(pathToFileURL(a.sourceFileName).href);
      const fn = mod[a.functionName];
      if (typeof fn !== "function") throw new Error(`${a.sourceFileName} does not export ${a.functionName}`);
      impls.set(a.id.toUpperCase(), fn);
    }
    return { engine: new CrmEngine(metadata.functions, impls), metadata };
  })();
  return cached;
}
