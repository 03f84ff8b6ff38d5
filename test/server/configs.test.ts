import { describe, expect, it } from 'vitest';
import { PosConfigSchema } from '../../src/domain/pos-config.js';
import { isValidEan13, ProductSchema } from '../../src/domain/product.js';
import { call, SEED_CONFIG_ID, useTestServer, type TestServer } from './fixtures.js';
import { z } from '../../src/domain/zod.js';

let server: TestServer;
useTestServer((s) => (server = s));

describe('health', () => {
  it('answers ok with the package version', async () => {
    const answer = await call(server.url, 'GET', '/api/health');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true, version: '0.1.0' });
  });
});

describe('configs', () => {
  it('lists the seeded config with its current session, cash control on in the shop’s time zone', async () => {
    const answer = await call(server.url, 'GET', '/api/configs');
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveLength(1);
    const config = PosConfigSchema.parse(answer.body[0]);
    expect(config).toEqual({
      id: SEED_CONFIG_ID,
      name: 'Main counter',
      currency: 'EUR',
      checkSessionStateFrequency: 60,
      maxUnverifiedSeconds: null,
      currentSessionId: 1,
      syncedRetentionDays: 7,
      managerPinHash: null,
      cashControl: true,
      timeZone: 'Europe/Paris',
    });
  });

  it('answers one config by id, 404 for an unknown or non-numeric id', async () => {
    expect((await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}`)).body.name).toBe('Main counter');
    for (const id of ['999', 'abc', '-1', '1.5']) {
      const answer = await call(server.url, 'GET', `/api/configs/${id}`);
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
  });

  it('sets the check frequency and the max unverified age, and clears the latter with null', async () => {
    const set = await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, {
      checkSessionStateFrequency: 30,
      maxUnverifiedSeconds: 600,
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ checkSessionStateFrequency: 30, maxUnverifiedSeconds: 600 });
    const cleared = await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, {
      maxUnverifiedSeconds: null,
    });
    expect(cleared.body).toMatchObject({ checkSessionStateFrequency: 30, maxUnverifiedSeconds: null });
    expect(
      (await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}`)).body.checkSessionStateFrequency,
    ).toBe(30);
  });

  it.each([
    [{ checkSessionStateFrequency: 4 }],
    [{ checkSessionStateFrequency: 86_401 }],
    [{ checkSessionStateFrequency: 12.5 }],
    [{ checkSessionStateFrequency: '60' }],
    [{ maxUnverifiedSeconds: 0 }],
    [{ maxUnverifiedSeconds: 'soon' }],
    [{ colour: 'red' }],
    [[1, 2]],
  ])('refuses the PATCH %j with 400 validation_failed', async (body) => {
    const answer = await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation_failed');
  });

  it('makes a new config without cash control and in UTC unless told, so an older back office changes nothing', async () => {
    const plain = await call(server.url, 'POST', '/api/configs', { name: 'Plain counter', currency: 'EUR' });
    expect(plain.status).toBe(201);
    expect(plain.body).toMatchObject({ cashControl: false, timeZone: 'UTC' });
    const told = await call(server.url, 'POST', '/api/configs', {
      name: 'Counted counter',
      currency: 'EUR',
      cashControl: true,
      timeZone: 'America/Montreal',
    });
    expect(told.status).toBe(201);
    expect(told.body).toMatchObject({ cashControl: true, timeZone: 'America/Montreal' });
    expect((await call(server.url, 'GET', `/api/configs/${told.body.id}`)).body).toMatchObject({
      cashControl: true,
      timeZone: 'America/Montreal',
    });
  });

  it('turns cash control off and on and sets the time zone by PATCH, leaving the other settings alone', async () => {
    const made = await call(server.url, 'POST', '/api/configs', { name: 'Switch counter', currency: 'EUR' });
    const path = `/api/configs/${made.body.id}`;
    const on = await call(server.url, 'PATCH', path, { cashControl: true, timeZone: 'Europe/Paris' });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ cashControl: true, timeZone: 'Europe/Paris', name: 'Switch counter' });
    const off = await call(server.url, 'PATCH', path, { cashControl: false });
    expect(off.body).toMatchObject({ cashControl: false, timeZone: 'Europe/Paris' });
  });

  it.each([
    [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    [{ timeZone: '' }, 'timeZone'],
    [{ timeZone: 3 }, 'timeZone'],
    [{ cashControl: 'yes' }, 'cashControl'],
    [{ cashControl: 1 }, 'cashControl'],
  ])('refuses the setting %j with 400 at its field, leaving the config as it was', async (body, field) => {
    const before = (await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}`)).body;
    const answer = await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'validation_failed', field });
    expect(answer.body.error.message).toContain(field);
    expect((await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}`)).body).toEqual(before);
    const created = await call(server.url, 'POST', '/api/configs', {
      name: 'Bad zone',
      currency: 'EUR',
      ...body,
    });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatchObject({ code: 'validation_failed', field });
    const names = (await call(server.url, 'GET', '/api/configs')).body.map((c: { name: string }) => c.name);
    expect(names).not.toContain('Bad zone');
  });

  it('answers 404 to a PATCH of an unknown config', async () => {
    const answer = await call(server.url, 'PATCH', '/api/configs/77', { checkSessionStateFrequency: 60 });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  });
});

describe('products', () => {
  it('serves a grocery catalog of 40+ products with unique names and valid EAN-13 barcodes', async () => {
    const answer = await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}/products`);
    expect(answer.status).toBe(200);
    const products = z.array(ProductSchema).parse(answer.body);
    expect(products.length).toBeGreaterThanOrEqual(40);
    expect(new Set(products.map((p) => p.name)).size).toBe(products.length);
    expect(new Set(products.map((p) => p.barcode)).size).toBe(products.length);
    for (const p of products) {
      expect(p.barcode !== null && isValidEan13(p.barcode)).toBe(true);
      expect([550, 2000]).toContain(p.taxRate);
      expect(Number.isInteger(p.price)).toBe(true);
    }
    const categories = new Set(products.map((p) => p.category));
    for (const c of ['Fruits et légumes', 'Boulangerie', 'Crèmerie', 'Boissons', 'Épicerie', 'Entretien'])
      expect(categories).toContain(c);
  });

  it('answers 404 for the catalog of an unknown config', async () => {
    const answer = await call(server.url, 'GET', '/api/configs/5/products');
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  });
});
