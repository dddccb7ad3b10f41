import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Charts of the report are the dashboards' own Vega-Lite specs (src/dashboards/specs.ts),
 * rendered here on the server to SVG (no browser, no canvas: Vega measures text approximately,
 * which the specs allow for with a fixed font and label limits), then drawn as vectors into the
 * PDF by svg-to-pdfkit.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
