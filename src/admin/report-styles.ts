import { css } from 'lit';

/**
 * Look of a printable report (the Report page of a session, the Day report): figures in two
 * columns, compact tables, and print rules. Printed, the controls disappear and the report takes
 * the page's full width; on a page 80 mm wide or less (a receipt printer's roll, print-paper.ts)
 * it becomes one narrow column in a small type so every amount fits on the roll.
 */
export const reportStyles = css`
  .figures {
    display: grid;
    grid-template-columns: minmax(0, max-content) max-content;
    gap: 0.2rem 1.5rem;
    margin: 0;
  }
  .figures dt {
    font-weight: 600;
  }
  .figures dd {
    margin: 0;
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .off {
    color: #b91c1c;
    font-weight: 700;
  }
  .part {
    border: none;
    padding: 0;
    break-inside: avoid;
  }
  .part table {
    width: auto;
    min-width: 60%;
  }
  .meta {
    margin: 0 0 0.5rem;
  }
  @media print {
    :host {
      color: #000;
    }
    section {
      border: none;
      padding: 0;
      background: none;
    }
    .no-print {
      display: none !important;
    }
    .off {
      color: #000;
    }
  }
  @media print and (max-width: 80mm) {
    :host {
      font-size: 8.5pt;
      line-height: 1.25;
    }
    h2 {
      font-size: 11pt;
      margin: 0 0 2mm;
    }
    h3 {
      font-size: 9.5pt;
      margin: 3mm 0 1mm;
      border-bottom: 1px dashed #000;
    }
    .figures {
      grid-template-columns: 1fr max-content;
      gap: 0 2mm;
    }
    .part table {
      width: 100%;
      min-width: 0;
    }
    th,
    td {
      padding: 0.3mm 0.5mm;
      border: none;
    }
  }
`;
