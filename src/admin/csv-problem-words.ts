import { msg, str } from '@lit/localize';
import { currentLocale } from '../app/locale.js';
import { formatNumber } from './admin-format.js';
import type { ImportProblem } from './admin-types.js';
import { productFieldRule } from './product-form.js';

/**
 * A refused CSV row's problem in the manager's language, read from its `reason` (and `column`,
 * `otherLine`), never from the server's `message`, which is English. A value its column's rule
 * refuses is said with the product form's own rule for that field (`currency` gives the price's
 * decimals), so the import and the form never word one rule twice.
 */
export function csvProblemWords(
  problem: Pick<ImportProblem, 'reason' | 'column' | 'otherLine'>,
  currency: string,
  locale: string = currentLocale(),
): string {
  const other = problem.otherLine === undefined ? '' : formatNumber(problem.otherLine, locale);
  switch (problem.reason) {
    case 'empty_file':
      return msg(
        'The file is empty: its first line must be the header (name, price, tax_rate, category, barcode).',
      );
    case 'header':
      return msg(
        'The header must name the columns name, price, tax_rate, category, barcode and archived (optional), each once, in any order.',
      );
    case 'not_utf8':
      return msg('The file is not UTF-8 text: save it from the spreadsheet as "CSV UTF-8".');
    case 'unreadable':
      return msg('This row cannot be read: a quote is never closed, or text follows a closing quote.');
    case 'values_count':
      return msg(
        'This row does not have one value per column: put a value that holds the separator in quotes.',
      );
    case 'name':
    case 'category':
    case 'price':
    case 'barcode':
      return productFieldRule(problem.reason, currency, locale);
    case 'barcode_as_number':
      return msg(
        'The spreadsheet wrote this barcode as a number (like 4.00638E+12): format the barcode column as text, type the barcodes again and save.',
      );
    case 'tax_rate':
      return productFieldRule('taxRate', currency, locale);
    case 'archived':
      return msg('Archived: 1 or 0 (true or false, yes or no), or empty to leave it as it is.');
    case 'duplicate_in_file':
      return problem.column === 'barcode'
        ? msg(str`This barcode is also on line ${other}.`)
        : msg(str`This name is also on line ${other} (names compare without case).`);
    case 'conflict_in_catalog':
      return msg('The barcode is one product of the catalog and the name another: change one of them.');
    case 'same_product_twice':
      return msg(str`Line ${other} is already this product.`);
  }
}
