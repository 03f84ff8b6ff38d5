/**
 * The paper a report is printed on: an A4 sheet, or the 80 mm roll of a receipt printer. The page
 * size is a document-level `@page` rule (a shadow root's `@page` is ignored), set from the
 * manager's choice; the report's own narrow layout follows from the printed width
 * (`@media print and (max-width: 80mm)`), whatever chose it.
 */
export const PAPERS = ['a4', 'receipt'] as const;
export type Paper = (typeof PAPERS)[number];

/** Width of a receipt printer's roll (mm); the page is cut every A4 length on a long report. */
export const RECEIPT_WIDTH_MM = 80;

/** The `@page` rule for `paper`: A4 with 12 mm margins, or an 80 mm wide page with 3 mm margins. */
export function pageRule(paper: Paper): string {
  return paper === 'receipt'
    ? `@page { size: ${RECEIPT_WIDTH_MM}mm 297mm; margin: 3mm; }`
    : '@page { size: A4; margin: 12mm; }';
}

/** `text` as a paper (a stored choice), A4 for anything else. */
export function paperOf(text: string | null | undefined): Paper {
  return PAPERS.find((paper) => paper === text) ?? 'a4';
}

let sheet: CSSStyleSheet | null = null;

/**
 * Makes the document print on `paper`: one constructed stylesheet adopted by the document (a
 * `<style>` element would need the CSP to allow inline styles), replaced at each call.
 */
export function usePaper(doc: Document, paper: Paper): void {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  }
  sheet.replaceSync(pageRule(paper));
}
