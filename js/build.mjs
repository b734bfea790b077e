// Builds the two browser files of the dashboards into widgets/mlearn/dashboards/assets/build/:
// - plotly-mlearn.min.js: plotly.js with the kit's trace types only, a classic script (global `Plotly`),
//   for the static pages;
// - figure-widget.js: the FigureWidget front end (an ES module, anywidget) for the Voilà dashboards.
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "widgets", "mlearn", "dashboards", "assets", "build");
mkdirSync(out, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  legalComments: "none",
  target: "es2020",
  // plotly's registry imports the map (maplibre) stylesheet; the kit draws no tile maps.
  loader: { ".css": "empty" },
  define: { global: "window", "define.amd": "false" },
  logLevel: "warning",
};

await build({
  ...common,
  entryPoints: [join(here, "src", "plotly-global.js")],
  format: "iife",
  outfile: join(out, "plotly-mlearn.min.js"),
  banner: { js: "/* plotly.js 4.1.1 (MIT licence, Plotly, Inc.), partial bundle built by the M-LEARN kit */" },
});
await build({
  ...common,
  entryPoints: [join(here, "src", "figure-widget.js")],
  format: "esm",
  outfile: join(out, "figure-widget.js"),
  banner: { js: "/* M-LEARN FigureWidget front end; includes plotly.js 4.1.1 (MIT licence, Plotly, Inc.) */" },
});
writeFileSync(join(out, "VERSION"), "plotly.js 4.1.1\n");
