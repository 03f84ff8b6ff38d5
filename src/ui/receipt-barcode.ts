import { html, svg, type TemplateResult } from 'lit';
import { CODE128 } from 'jsbarcode/bin/barcodes/CODE128/index.js';

/** Modules of white each side of the bars, as Code 128 asks (10 times the narrowest bar). */
const QUIET_ZONE_MODULES = 10;
/** Height of the bars in modules: a hand scanner reads a receipt's barcode from any angle near flat. */
const BAR_HEIGHT_MODULES = 40;
/**
 * Printed width of one module (mm): two dots of a 203 dpi till printer (8 dots per mm), so every
 * bar is a whole number of dots and keeps its width ratio; a reference fits 72 mm paper with room.
 */
const MODULE_MM = 0.25;

/**
 * The Code 128 modules of `text`: '1' a dark module, '0' a light one, from the start character to
 * the stop pattern, check character included (JsBarcode's encoder picks the code sets, C for runs
 * of digits). Throws a RangeError for text Code 128 cannot carry (outside ASCII) or empty text.
 */
export function code128Modules(text: string): string {
  const encoder = new CODE128(text, {});
  if (text.length === 0 || !encoder.valid()) throw new RangeError(`Code 128 cannot carry "${text}"`);
  return encoder.encode().data;
}

/**
 * An order's reference as a Code 128 barcode, drawn in SVG (one rect per bar, quiet zones
 * included), so a returned receipt is scanned, not typed: a barcode scanner types the reference
 * and Enter. Scales to its box; `label` names it for screen readers. Throws as code128Modules does.
 */
export function referenceBarcode(reference: string, label: string): TemplateResult {
  const modules = code128Modules(reference);
  const bars: { x: number; width: number }[] = [];
  for (const run of modules.matchAll(/1+/g)) bars.push({ x: run.index, width: run[0].length });
  const width = modules.length + 2 * QUIET_ZONE_MODULES;
  // Sized in mm for paper; a screen's stylesheet sizes it to its box instead.
  return html`<svg
    class="barcode"
    role="img"
    aria-label=${label}
    viewBox="0 0 ${width} ${BAR_HEIGHT_MODULES}"
    width="${width * MODULE_MM}mm"
    height="${BAR_HEIGHT_MODULES * MODULE_MM}mm"
    preserveAspectRatio="none"
    shape-rendering="crispEdges"
    data-modules=${modules}
  >
    <rect width=${width} height=${BAR_HEIGHT_MODULES} fill="#fff"></rect>
    ${bars.map((b) => svg`<rect x=${b.x + QUIET_ZONE_MODULES} width=${b.width} height=${BAR_HEIGHT_MODULES} fill="#000"></rect>`)}
  </svg>`;
}
