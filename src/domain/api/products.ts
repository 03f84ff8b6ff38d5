import {
  BarcodeSchema,
  CategorySchema,
  ProductFieldsSchema,
  ProductNameSchema,
  ProductPriceSchema,
  ProductSchema,
  TaxRateSchema,
} from '../product.js';
import { z } from '../zod.js';
import { AUTH_ERRORS, BODY_ERRORS, errorAnswers } from './error-schema.js';
import { idParams } from './params.js';
import { WHO, type RouteContract } from './route-contract.js';

/**
 * Query of the catalog: `includeArchived=1` (the admin only: the back office) lists archived
 * products too, each product then carrying `archived`; `0` or absent lists the active ones, as
 * tills get them.
 */
export const ProductsQuerySchema = z.object({
  includeArchived: z.optional(
    z
      .enum(['0', '1'])
      .check(z.meta({ description: '1: archived products too, each with `archived` (admin only)' })),
  ),
});

/** A product as the back office gets it: `archived` always there. */
export const ManagedProductSchema = z.extend(ProductSchema, { archived: z.boolean() });
export type ManagedProduct = z.infer<typeof ManagedProductSchema>;

/**
 * `PATCH /api/products/:id` body: any of the fields of {@link ProductFieldsSchema} (same rules;
 * `barcode: null` removes the barcode) and `archived` (true takes the product off the tills, false
 * puts it back). No field at all changes nothing.
 */
export const ProductPatchSchema = z.strictObject({
  name: z.optional(ProductNameSchema),
  price: z.optional(ProductPriceSchema.check(z.meta({ unit: 'minor units' }))),
  taxRate: z.optional(TaxRateSchema.check(z.meta({ unit: 'basis points' }))),
  category: z.optional(CategorySchema),
  barcode: z.optional(z.nullable(BarcodeSchema)),
  archived: z.optional(z.boolean()),
});
export type ProductPatch = z.output<typeof ProductPatchSchema>;

export const listProducts = {
  method: 'GET',
  url: '/api/configs/:id/products',
  schema: {
    summary:
      "The config's catalog, by category then name (prices tax included, minor units); archived products only with includeArchived=1 (admin)",
    tags: ['products'],
    security: WHO.configDeviceOrAdmin,
    params: idParams('config'),
    querystring: ProductsQuerySchema,
    response: {
      200: z.array(ProductSchema),
      ...errorAnswers('validation_failed', ...AUTH_ERRORS, 'not_found'),
    },
  },
} as const satisfies RouteContract;

export const createProduct = {
  method: 'POST',
  url: '/api/configs/:id/products',
  schema: {
    summary:
      "Add a product to the config's catalog (name unique without case, barcode unique; raises the catalog version)",
    tags: ['products'],
    security: WHO.admin,
    params: idParams('config'),
    body: ProductFieldsSchema,
    response: {
      201: ManagedProductSchema,
      ...errorAnswers('validation_failed', ...BODY_ERRORS, ...AUTH_ERRORS, 'not_found', 'conflict'),
    },
  },
} as const satisfies RouteContract;

export const patchProduct = {
  method: 'PATCH',
  url: '/api/products/:id',
  schema: {
    summary:
      'Change, archive or restore a product (no delete: orders name products); raises the catalog version when something changed',
    tags: ['products'],
    security: WHO.admin,
    params: idParams('product'),
    body: ProductPatchSchema,
    response: {
      200: ManagedProductSchema,
      ...errorAnswers('validation_failed', ...BODY_ERRORS, ...AUTH_ERRORS, 'not_found', 'conflict'),
    },
  },
} as const satisfies RouteContract;
