import { render, type TemplateResult } from 'lit';
import type { PosOrder } from '../domain/pos-order.js';
import { receiptBody, type ReceiptInfo } from './receipt-body.js';

/** Id of the light-DOM element the printed receipt is rendered into (outside every shadow root). */
export const PRINT_ROOT_ID = 'print-root';

/**
 * Paper of a till printer: 80 mm rolls print about 72 mm wide. On screen the print root is hidden;
 * in print only it shows, in black on white, one column.
 */
const PRINT_CSS = `
@media screen { #${PRINT_ROOT_ID} { display: none; } }
@media print {
  @page { size: 80mm auto; margin: 0; }
  html, body { background: #fff !important; margin: 0; }
  body > :not(#${PRINT_ROOT_ID}) { display: none !important; }
  #${PRINT_ROOT_ID} { display: block; width: 72mm; padding: 4mm; color: #000;
    font: 10pt/1.35 ui-monospace, 'DejaVu Sans Mono', monospace; }
  #${PRINT_ROOT_ID} p { margin: 0; }
  #${PRINT_ROOT_ID} .head { text-align: center; margin-bottom: 3mm; }
  #${PRINT_ROOT_ID} .shop { font-weight: 700; font-size: 12pt; }
  #${PRINT_ROOT_ID} .refund-title { font-weight: 700; font-size: 12pt; }
  #${PRINT_ROOT_ID} table { width: 100%; border-collapse: collapse; }
  #${PRINT_ROOT_ID} th { text-align: start; border-bottom: 1px dashed #000; }
  #${PRINT_ROOT_ID} td { vertical-align: top; padding: 0.5mm 0; }
  #${PRINT_ROOT_ID} .num { text-align: end; white-space: nowrap; }
  #${PRINT_ROOT_ID} .detail { font-size: 9pt; }
  #${PRINT_ROOT_ID} .total td { font-weight: 700; font-size: 12pt; border-top: 1px dashed #000; }
  #${PRINT_ROOT_ID} .section td { border-top: 1px dashed #000; }
  #${PRINT_ROOT_ID} h2 { font-size: 12pt; margin: 1mm 0; }
  #${PRINT_ROOT_ID} h3 { font-size: 10pt; margin: 3mm 0 1mm; border-bottom: 1px dashed #000; }
  #${PRINT_ROOT_ID} .barcode { display: block; margin: 3mm auto 0; }
}`;

/**
 * The print root, created (with its stylesheet) on first use. The sheet is a constructed one,
 * adopted by the document: the Content-Security-Policy (`style-src 'self'`) refuses a
 * `<style>` element made at run time, not a constructed sheet.
 */
function printRoot(): HTMLElement {
  let root = document.getElementById(PRINT_ROOT_ID);
  if (!root) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(PRINT_CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    root = document.createElement('div');
    root.id = PRINT_ROOT_ID;
    document.body.append(root);
  }
  return root;
}

/**
 * Prints the receipt of `order` on 80 mm paper through the browser's print dialog: renders it
 * into the print root (light DOM, so the print stylesheet reaches it), then `window.print()`.
 */
export function printReceipt(order: PosOrder, info: ReceiptInfo): void {
  printTemplate(receiptBody(order, info));
}

/**
 * Prints `body` on 80 mm paper the way a receipt is (an X or Z report): rendered into the print
 * root, then `window.print()`.
 */
export function printTemplate(body: TemplateResult): void {
  render(body, printRoot());
  window.print();
}
