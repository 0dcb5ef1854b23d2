// The metric engine as a plain ES module for Node scripts and notebooks (`npm run build:lib`):
// build/lib/index.js with types in build/lib/types. No Office import is reachable from
// src/index.ts, which a test checks by importing the built file in a bare Node process.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export default {
  mode: "production",
  target: "node20",
  entry: { index: "./src/index.ts" },
  experiments: { outputModule: true },
  output: { path: resolve(here, "build/lib"), filename: "[name].js", library: { type: "module" }, clean: false },
  resolve: { extensions: [".ts", ".js"] },
  module: { rules: [{ test: /\.ts$/, loader: "ts-loader", exclude: /node_modules/, options: { transpileOnly: true } }] },
  externals: { mathjs: "mathjs", zod: "zod" },
  externalsType: "module",
  optimization: { minimize: false },
  devtool: "source-map",
  performance: { hints: false },
};
