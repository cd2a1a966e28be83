/**
 * Charts rendered on the server: each chart's Vega-Lite spec is compiled to Vega and drawn to SVG without a
 * browser or canvas (text is measured by Vega's estimate). The SVG names only generic font families and
 * loads nothing, so it can be inlined in a self-contained HTML page and drawn into the PDF.
 */
import * as vega from "vega";
import { compile } from "vega-lite";
import type { ReportModel } from "./model";
import { isChart } from "./model";

/** A loader that refuses every outside read: a spec must carry its data inline. */
const noLoader = vega.loader();
noLoader.load = async (uri: string) => {
  throw new Error(`report charts load nothing from outside (asked for ${uri})`);
};

export async function renderSvg(spec: object): Promise<string> {
  const compiled = compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled, { background: "white", font: "Helvetica, Arial, sans-serif" } as never), {
    renderer: "none",
    loader: noLoader,
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders every chart of the model (in place). */
export async function renderCharts(model: ReportModel): Promise<void> {
  for (const section of model.sections)
    for (const block of section.blocks) if (isChart(block) && block.svg === undefined) block.svg = await renderSvg(block.spec);
}
