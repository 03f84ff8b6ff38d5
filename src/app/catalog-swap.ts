import type { Product } from '../domain/product.js';
import { getCatalogVersion, readCatalog } from '../store/catalog-repo.js';
import type { PosDb } from '../store/db.js';
import type { TillStateHolder } from './till-state-holder.js';

/**
 * Puts a newer stored catalog on screen at the next moment the cart is empty: at once when it is,
 * else right after the sale completes, the cart is cleared or its last line removed. Lines
 * already in a cart carry their own name and price (cart.ts), so a swap never changes them; the
 * grid just does not change under the cashier mid-sale.
 */
export class CatalogSwap {
  /** The catalog waiting for an empty cart, or null. */
  private waiting: readonly Product[] | null = null;
  /** The version last read from IndexedDB (undefined: none, or not read yet). */
  private readVersion: number | undefined;
  /** The reads in order: one at a time, each after the one before. */
  private reading: Promise<void> = Promise.resolve();

  constructor(private readonly holder: TillStateHolder) {
    holder.subscribe((state) => {
      if (this.waiting && state.cart.length === 0) this.apply();
    });
  }

  /** True while a newer catalog waits for the cart to be empty. */
  get pending(): boolean {
    return this.waiting !== null;
  }

  /** Records the version of the catalog the till rendered at start (read with it). */
  rendered(version: number | undefined): void {
    this.readVersion = version;
  }

  /** Shows `products` at the next moment the cart is empty (now if it is). */
  offer(products: readonly Product[]): void {
    this.waiting = products;
    if (this.holder.state.cart.length === 0) this.apply();
  }

  /**
   * Reads the stored catalog and offers it (a worker said `catalog-changed`). With `onlyIfNewer`,
   * only when its version is not the one last read (the periodic re-read, should a message be
   * missed: it reads the version alone); with `stored` (the version a `catalog-changed` named),
   * not when a read already got that version or a newer one (the worker says it twice, on its
   * channel and to each page, and each read of 5,000 products is a new list the grid renders
   * again). Reads run one after the other. Never rejects: a failed read keeps what is shown.
   */
  reread(db: PosDb, options: { onlyIfNewer?: boolean; stored?: number } = {}): Promise<void> {
    this.reading = this.reading.then(() => this.readOnce(db, options));
    return this.reading;
  }

  private async readOnce(
    db: PosDb,
    { onlyIfNewer = false, stored }: { onlyIfNewer?: boolean; stored?: number },
  ) {
    try {
      if (stored !== undefined && this.readVersion !== undefined && this.readVersion >= stored) return;
      if (onlyIfNewer && (await getCatalogVersion(db)) === this.readVersion) return;
      const { products, version } = await readCatalog(db);
      this.readVersion = version;
      this.offer(products);
    } catch (error) {
      console.warn('pos-shell: re-reading the catalog failed', error);
    }
  }

  private apply(): void {
    const catalog = this.waiting;
    if (!catalog) return;
    this.waiting = null;
    this.holder.set({ catalog });
  }
}
