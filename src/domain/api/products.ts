import { ProductSchema } from '../product.js';
import { z } from '../zod.js';
import { AUTH_ERRORS, errorAnswers } from './error-schema.js';
import { idParams } from './params.js';
import { WHO, type RouteContract } from './route-contract.js';

export const listProducts = {
  method: 'GET',
  url: '/api/configs/:id/products',
  schema: {
    summary: "The config's catalog, by category then name (prices tax included, minor units)",
    tags: ['products'],
    security: WHO.configDeviceOrAdmin,
    params: idParams('config'),
    response: { 200: z.array(ProductSchema), ...errorAnswers(...AUTH_ERRORS, 'not_found') },
  },
} as const satisfies RouteContract;
