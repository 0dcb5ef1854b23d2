// The add-in as Excel loads it: one page (taskpane.html) hosts both the custom functions and the
// task pane (shared runtime), functions.json is generated from the functions' JSDoc, and the
// manifest's URLs point at the host given by ADDIN_URL (default https://localhost:3000/).
//
//   npm run build       production build into dist/
//   npm run build:dev   development build into dist/
//   npm start           development build with the preview page, served (scripts/start.mjs)
//
// The preview page (an in-browser workbook beside the task pane) uses HyperFormula, which is
// GPL-3.0: it is a separate entry, built only when `env.preview` is set, so the production
// bundle never contains it.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import CopyWebpackPlugin from "copy-webpack-plugin";
import CustomFunctionsMetadataPlugin from "custom-functions-metadata-plugin";
import HtmlWebpackPlugin from "html-webpack-plugin";
import { functionFiles } from "./scripts/function-files.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const DEV_URL = "https://localhost:3000/";

/** The host the manifest should point at: ADDIN_URL, always ending in "/". */
export function addinUrl(env = process.env) {
  const url = env.ADDIN_URL || DEV_URL;
  return url.endsWith("/") ? url : `${url}/`;
}

/**
 * The manifest pointed at `url`: every URL under the dev host, then the bare dev origin (the
 * AppDomain) by the new origin. Global replaces: a plain string replace changes only the first.
 */
export function manifestFor(xml, url) {
  if (url === DEV_URL) return xml;
  const devOrigin = new URL(DEV_URL).origin;
  return xml.replaceAll(DEV_URL, url).replaceAll(devOrigin, new URL(url).origin);
}

export default (env = {}, argv = {}) => {
  const production = argv.mode === "production";
  const preview = !!env.preview;
  const outDir = resolve(here, env.out || "dist");
  const url = addinUrl();
  const functions = functionFiles();

  const entry = {
    functions,
    taskpane: "./src/taskpane/taskpane.ts",
  };
  const pages = [
    new HtmlWebpackPlugin({
      filename: "taskpane.html",
      template: "./src/taskpane/taskpane.html",
      chunks: ["functions", "taskpane"],
      chunksSortMode: "manual",
    }),
  ];
  if (preview) {
    // The stub must define CustomFunctions before the function modules call associate().
    entry.preview = ["./test/harness/custom-functions-stub.ts", ...functions, "./src/preview/preview.ts"];
    pages.push(
      new HtmlWebpackPlugin({
        filename: "preview.html",
        template: "./src/preview/preview.html",
        chunks: ["preview"],
      }),
    );
  }

  return {
    mode: production ? "production" : "development",
    devtool: production ? "source-map" : "eval-cheap-module-source-map",
    entry,
    output: { path: outDir, filename: "[name].js", clean: true },
    resolve: { extensions: [".ts", ".js"] },
    module: {
      rules: [
        { test: /\.ts$/, loader: "ts-loader", exclude: /node_modules/, options: { transpileOnly: true } },
        { test: /\.css$/, type: "asset/source" },
      ],
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: functions }),
      ...pages,
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets", to: "assets" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => manifestFor(content.toString(), url),
          },
        ],
      }),
    ],
    performance: { hints: false },
    stats: "errors-warnings",
  };
};
