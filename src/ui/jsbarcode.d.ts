// The one part of JsBarcode the till uses, its Code 128 encoder (the package ships no types).
declare module 'jsbarcode/bin/barcodes/CODE128/index.js' {
  /** Code 128 with the code sets picked for the text (JsBarcode's CODE128 "auto"). */
  export class CODE128 {
    constructor(data: string, options: object);
    /** Whether Code 128 can carry the text. */
    valid(): boolean;
    /** `data`: the modules, '1' dark and '0' light; `text`: the human-readable text. */
    encode(): { data: string; text: string };
  }
}

// The standard's table of the 107 symbols (11 modules each, as digits), read by the barcode's tests.
declare module 'jsbarcode/bin/barcodes/CODE128/constants.js' {
  export const BARS: readonly number[];
}
