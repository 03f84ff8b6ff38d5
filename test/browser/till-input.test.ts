import { describe, expect, it, onTestFinished } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import {
  api,
  openTill,
  readOutbox,
  type TestServer,
  type TillSuite,
  useTillSuite,
  waitFor,
} from './harness.js';

let server: TestServer;
let context: BrowserContext;
let browser: TillSuite['browser'];
// One paired tablet for the file: each test opens a new tab of it (a fresh cart) and counts the
// orders it adds instead of expecting an empty outbox.
useTillSuite((suite) => ({ server, context, browser } = suite), { share: 'file' });

/** Seed products and prices (server/db/seed-catalog.ts). */
const WINE = 'Vin rouge Côtes du Rhône 75 cl'; // €6.95
const COLA = 'Cola 1,5 L'; // €2.19

/** The cart's lines as the till holds them. */
async function cartLines(page: Page): Promise<{ name: string; quantity: number; discount: number }[]> {
  return page
    .locator('pos-cart')
    .evaluate((el) =>
      (el as unknown as { lines: { name: string; quantity: number; discount: number }[] }).lines.map(
        ({ name, quantity, discount }) => ({ name, quantity, discount }),
      ),
    );
}

/**
 * The uuids of every order the tablet stored, sorted: what a refused payment must leave as it
 * was (their outbox status moves on its own as earlier tests' sales are sent).
 */
async function orderUuids(page: Page): Promise<string[]> {
  return (await readOutbox(page)).map((entry) => entry.uuid).sort();
}

/** The Pay button of the sale (its name says the total). */
function payButton(page: Page): Locator {
  return page.getByRole('button', { name: /^Pay / });
}

async function tap(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
}

/**
 * The message an input is described by (aria-describedby, read in its own shadow root), and
 * whether it is marked invalid: what a screen reader says about the field.
 */
async function fieldState(field: Locator): Promise<{ invalid: string | null; description: string }> {
  return field.evaluate((input) => {
    const root = input.getRootNode() as ShadowRoot;
    const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    return {
      invalid: input.getAttribute('aria-invalid'),
      description: ids.map((id) => root.getElementById(id)?.textContent?.trim() ?? '').join(' '),
    };
  });
}

/** The Held orders panel (a dialog) of the till. */
const heldPanel = (page: Page) => page.getByRole('dialog', { name: 'Held orders' });

/** The pay panel (a dialog). */
const payPanel = (page: Page) => page.getByRole('dialog', { name: 'Payment' });

describe('a typed discount is taken exactly or refused at the field', () => {
  const refused: [typed: string, shown: string, message: string][] = [
    ['150', 'a discount of 150 %', 'A discount cannot be more than 100%.'],
    ['99999999999', 'a discount of 99999999999 %', 'A discount cannot be more than 100%.'],
    ['12.5', 'a discount of 12.5 %', 'A discount is a whole percent: type it without decimals.'],
    ['12,5', 'a discount of 12,5 %', 'A discount is a whole percent: type it without decimals.'],
    ['-10', 'a discount of −10 %', 'A discount cannot be negative: choose None to take it off.'],
    ['abc', 'a discount typed in letters', 'Type digits only: a discount is a whole percent from 0 to 100%.'],
    ['', 'an empty discount', 'Type a discount: a whole percent from 0 to 100%.'],
  ];

  for (const [typed, shown, message] of refused) {
    it(`${shown} is refused at the field and the line keeps its price`, async () => {
      const page = await openTill(context, server.url);
      await tap(page, WINE);
      await page.getByRole('button', { name: `Discount on ${WINE}` }).click();
      const field = page.getByLabel('Discount in percent');
      await field.fill(typed);
      await page.getByRole('button', { name: 'Apply' }).click();

      await page.getByRole('alert').filter({ hasText: message }).waitFor();
      expect(await fieldState(field)).toEqual({ invalid: 'true', description: message });
      // The field keeps what was typed, to be corrected; nothing else moved.
      await expect(field.inputValue()).resolves.toBe(typed);
      expect(await cartLines(page)).toEqual([{ name: WINE, quantity: 1, discount: 0 }]);
      await expect(payButton(page).textContent()).resolves.toContain('Pay €6.95');
    });
  }

  it('a good typed discount still applies, after a refused one is corrected', async () => {
    const page = await openTill(context, server.url);
    await tap(page, WINE);
    await page.getByRole('button', { name: `Discount on ${WINE}` }).click();
    const field = page.getByLabel('Discount in percent');
    await field.fill('150');
    await field.press('Enter');
    await page.getByText('A discount cannot be more than 100%.').waitFor();
    await field.fill('15 %');
    expect(await fieldState(field)).toEqual({ invalid: 'false', description: '' }); // typing again clears the message
    await field.press('Enter');
    await payButton(page).filter({ hasText: 'Pay €5.91' }).waitFor(); // 6.95 − 15 % = 5.9075, rounded once by the totals
    expect(await cartLines(page)).toEqual([{ name: WINE, quantity: 1, discount: 15 }]);
  });

  it('the refusal speaks the cashier’s language', async () => {
    // A tablet of its own: the language chosen is kept on the device, for every later tab.
    const own = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    onTestFinished(() => own.close());
    const page = await openTill(own, server.url);
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('button', { name: WINE, exact: true }).click();
    await page.getByRole('button', { name: `Remise sur ${WINE}` }).click();
    const field = page.getByLabel('Remise en pourcentage');
    await field.fill('12,5');
    await page.getByRole('button', { name: 'Appliquer' }).click();
    const message = 'Une remise est un pourcentage entier : saisissez-la sans décimales.';
    await page.getByRole('alert').filter({ hasText: message }).waitFor();
    expect(await fieldState(field)).toEqual({ invalid: 'true', description: message });
    expect(await cartLines(page)).toEqual([{ name: WINE, quantity: 1, discount: 0 }]);
  });
});

describe('a quantity typed on the number pad', () => {
  const pad = (page: Page, name = COLA) => page.getByRole('dialog', { name: `Quantity of ${name}` });

  it('24 bottles is three taps: the quantity, 2, 4, OK; focus comes back to the quantity', async () => {
    const page = await openTill(context, server.url);
    await tap(page, COLA);
    await page.getByRole('button', { name: `Quantity of ${COLA}: 1` }).click();
    await pad(page).getByRole('button', { name: '2', exact: true }).click();
    await pad(page).getByRole('button', { name: '4', exact: true }).click();
    await expect(pad(page).getByRole('status').textContent()).resolves.toBe('24'); // shown as typed
    await pad(page).getByRole('button', { name: 'OK' }).click();

    await waitFor('the pad closed', async () => (await pad(page).count()) === 0);
    expect(await cartLines(page)).toEqual([{ name: COLA, quantity: 24, discount: 0 }]);
    await payButton(page).filter({ hasText: 'Pay €52.56' }).waitFor();
    await waitFor(
      'focus back on the quantity',
      async () => (await focusedLabel(page)) === `Quantity of ${COLA}: 24`,
      2_000,
    );
  });

  it('a quantity of 0 is refused on the pad, pointing to Remove, and the cart is unchanged', async () => {
    const page = await openTill(context, server.url);
    await tap(page, COLA);
    await tap(page, COLA);
    await page.getByRole('button', { name: `Quantity of ${COLA}: 2` }).click();
    await pad(page).getByRole('button', { name: '0', exact: true }).click();
    await pad(page).getByRole('button', { name: 'OK' }).click();
    await pad(page)
      .getByRole('alert')
      .filter({ hasText: 'A quantity is at least 1. To take the line off, use Remove.' })
      .waitFor();
    await expect(pad(page).getByRole('status').textContent()).resolves.toBe('0'); // the typed digits stay
    expect(await cartLines(page)).toEqual([{ name: COLA, quantity: 2, discount: 0 }]);

    await pad(page).getByRole('button', { name: 'Cancel' }).click();
    await waitFor('the pad closed', async () => (await pad(page).count()) === 0);
    expect(await cartLines(page)).toEqual([{ name: COLA, quantity: 2, discount: 0 }]);
    await expect(payButton(page).textContent()).resolves.toContain('Pay €4.38');
  });

  it('a quantity of 10000 is refused on the pad with the limit, never capped to 9999', async () => {
    const page = await openTill(context, server.url);
    await tap(page, COLA);
    await page.getByRole('button', { name: `Quantity of ${COLA}: 1` }).click();
    for (const digit of '10000') await pad(page).getByRole('button', { name: digit, exact: true }).click();
    await pad(page).getByRole('button', { name: 'OK' }).click();
    await pad(page).getByRole('alert').filter({ hasText: 'A line holds at most 9,999.' }).waitFor();
    expect(await cartLines(page)).toEqual([{ name: COLA, quantity: 1, discount: 0 }]);

    // Delete the last digit: 1000 is taken exactly.
    await pad(page).getByRole('button', { name: 'Delete the last digit' }).click();
    await pad(page).getByRole('button', { name: 'OK' }).click();
    await waitFor('the pad closed', async () => (await pad(page).count()) === 0);
    expect(await cartLines(page)).toEqual([{ name: COLA, quantity: 1000, discount: 0 }]);
  });

  it('every key of the pad is a touch target of at least 44 px, and the pad fits the 10-inch screen', async () => {
    const page = await openTill(context, server.url);
    await tap(page, COLA);
    await page.getByRole('button', { name: `Quantity of ${COLA}: 1` }).click();
    await pad(page).waitFor();
    const sizes = await page.locator('pos-number-pad').evaluate((el) =>
      [...(el.shadowRoot?.querySelectorAll('button') ?? [])].map((b) => {
        const box = b.getBoundingClientRect();
        return {
          name: b.getAttribute('aria-label') ?? b.textContent?.trim() ?? '',
          width: box.width,
          height: box.height,
          bottom: box.bottom,
          right: box.right,
        };
      }),
    );
    expect(sizes.map((s) => s.name)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      'Clear',
      '0',
      'Delete the last digit',
      'Cancel',
      'OK',
    ]);
    expect(sizes.filter((s) => s.width < 44 || s.height < 44 || s.bottom > 800 || s.right > 1280)).toEqual(
      [],
    );
  });

  it('the pad works from the keyboard and keeps focus inside; Escape changes nothing', async () => {
    const page = await openTill(context, server.url);
    await tap(page, COLA);
    await page.getByRole('button', { name: `Quantity of ${COLA}: 1` }).click();
    await pad(page).waitFor();
    for (let i = 0; i < 20; i += 1) {
      await page.keyboard.press(i % 3 === 0 ? 'Shift+Tab' : 'Tab');
      expect(await insidePad(page), `after ${i + 1} tabs`).toBe(true);
    }
    await page.keyboard.type('125');
    await page.keyboard.press('Backspace');
    await expect(pad(page).getByRole('status').textContent()).resolves.toBe('12');
    await page.keyboard.press('Escape');
    await waitFor('the pad closed', async () => (await pad(page).count()) === 0);
    expect(await cartLines(page)).toEqual([{ name: COLA, quantity: 1, discount: 0 }]);
    await waitFor(
      'focus back on the quantity',
      async () => (await focusedLabel(page)) === `Quantity of ${COLA}: 1`,
      2_000,
    );

    await page.keyboard.press('Enter'); // on the quantity button: opens the pad again
    await pad(page).waitFor();
    await page.keyboard.type('12');
    await page.keyboard.press('Enter');
    await waitFor('the pad closed', async () => (await pad(page).count()) === 0);
    expect(await cartLines(page)).toEqual([{ name: COLA, quantity: 12, discount: 0 }]);
  });

  it('+ on a line holding 9,999 says so and changes nothing, never a silent stop', async () => {
    const page = await openTill(context, server.url);
    await tap(page, COLA);
    await page.getByRole('button', { name: `Quantity of ${COLA}: 1` }).click();
    for (const digit of '9999') await pad(page).getByRole('button', { name: digit, exact: true }).click();
    await pad(page).getByRole('button', { name: 'OK' }).click();
    await page.getByRole('button', { name: `Quantity of ${COLA}: 9999` }).waitFor();
    await page.getByRole('button', { name: `Increase quantity of ${COLA}` }).click();
    await page.getByRole('alert').filter({ hasText: 'A line holds at most 9,999.' }).waitFor();
    expect(await cartLines(page)).toEqual([{ name: COLA, quantity: 9999, discount: 0 }]);
    // A tap on the product still adds its unit, on a line of its own.
    await tap(page, COLA);
    await waitFor('a second line', async () => (await cartLines(page)).length === 2);
    expect(await cartLines(page)).toEqual([
      { name: COLA, quantity: 9999, discount: 0 },
      { name: COLA, quantity: 1, discount: 0 },
    ]);
  });
});

describe('payment amounts', () => {
  it('€210 tendered for €2.19 asks "€210.00 for €2.19?" first; Correct adds no payment and keeps the typed text', async () => {
    const page = await openTill(context, server.url);
    const stored = await orderUuids(page);
    await tap(page, COLA);
    await payButton(page).click();
    const cash = payPanel(page).getByLabel('Amount tendered');
    await cash.fill('210');
    await payPanel(page).getByRole('button', { name: 'Add cash' }).click();

    const question = payPanel(page).getByRole('group', { name: '€210.00 for €2.19?' });
    await question.waitFor();
    await expect(question.textContent()).resolves.toContain('The change would be €207.81.');
    await question.getByRole('button', { name: 'Correct the amount' }).click();
    await waitFor('the question gone', async () => (await question.count()) === 0);
    expect(await payPanel(page).getByRole('list', { name: 'Payments' }).count()).toBe(0);
    await expect(cash.inputValue()).resolves.toBe('210');
    await expect(payPanel(page).getByRole('button', { name: 'Confirm payment' }).isDisabled()).resolves.toBe(
      true,
    );
    expect(await orderUuids(page)).toEqual(stored);
  });

  it('€5,000 tendered for €2.19 (over 100 × the total, which the server refuses with the sale) is refused at the field: no payment, nothing written, the typed text kept', async () => {
    const page = await openTill(context, server.url);
    const stored = await orderUuids(page);
    await tap(page, COLA);
    await payButton(page).click();
    const cash = payPanel(page).getByLabel('Amount tendered');
    await cash.fill('5000');
    await payPanel(page).getByRole('button', { name: 'Add cash' }).click();

    await payPanel(page).getByText('More than 100 times the total of €2.19: check the amount.').waitFor();
    expect(await payPanel(page).getByRole('group', { name: '€5,000.00 for €2.19?' }).count()).toBe(0);
    expect(await payPanel(page).getByRole('list', { name: 'Payments' }).count()).toBe(0);
    await expect(cash.inputValue()).resolves.toBe('5000');
    await expect(payPanel(page).getByRole('button', { name: 'Confirm payment' }).isDisabled()).resolves.toBe(
      true,
    );
    expect(await orderUuids(page)).toEqual(stored);
  });

  it('€219 typed for €2.19 is asked about too; Take adds it, and the sale is paid with its change', async () => {
    const page = await openTill(context, server.url);
    const before = (await orderUuids(page)).length;
    await tap(page, COLA);
    await payButton(page).click();
    await payPanel(page).getByLabel('Amount tendered').fill('219');
    await payPanel(page).getByLabel('Amount tendered').press('Enter');
    const question = payPanel(page).getByRole('group', { name: '€219.00 for €2.19?' });
    await question.getByRole('button', { name: 'Take €219.00' }).click();
    await payPanel(page).getByRole('list', { name: 'Payments' }).getByText('Cash €219.00').waitFor();
    await expect(payPanel(page).textContent()).resolves.toContain('€216.81');
    await payPanel(page).getByRole('button', { name: 'Confirm payment' }).click();
    await page.getByRole('button', { name: /New sale/ }).waitFor({ timeout: 15_000 });
    expect((await orderUuids(page)).length).toBe(before + 1);
  });

  it('cash tendered within a note of the total is taken without a question', async () => {
    const page = await openTill(context, server.url);
    await tap(page, COLA);
    await payButton(page).click();
    await payPanel(page).getByLabel('Amount tendered').fill('200');
    await payPanel(page).getByRole('button', { name: 'Add cash' }).click();
    await payPanel(page).getByRole('list', { name: 'Payments' }).getByText('Cash €200.00').waitFor();
    expect(await payPanel(page).getByRole('group').count()).toBe(0);
  });

  it('after the sale is fully paid the panel offers no Exact button at all', async () => {
    const page = await openTill(context, server.url);
    await tap(page, COLA);
    await payButton(page).click();
    await payPanel(page).getByRole('button', { name: 'Exact €2.19' }).click();
    await payPanel(page).getByRole('list', { name: 'Payments' }).waitFor();
    expect(
      await payPanel(page)
        .getByRole('button', { name: /^Exact/ })
        .count(),
    ).toBe(0);
    await expect(payPanel(page).getByRole('button', { name: 'Confirm payment' }).isEnabled()).resolves.toBe(
      true,
    );
  });

  it('an amount the till cannot take exactly is refused at its field and adds no payment', async () => {
    const page = await openTill(context, server.url);
    await tap(page, COLA);
    await payButton(page).click();
    const cases: [field: string, button: string, typed: string, message: string][] = [
      ['Amount tendered', 'Add cash', '2.199', 'Amounts in EUR have at most 2 decimals.'],
      ['Amount tendered', 'Add cash', '-5', 'An amount cannot be negative.'],
      [
        'Amount tendered',
        'Add cash',
        '1e3',
        'Type the amount in digits, with a point or a comma before the cents.',
      ],
      [
        'Amount tendered',
        'Add cash',
        'abc',
        'Type the amount in digits, with a point or a comma before the cents.',
      ],
      [
        'Amount tendered',
        'Add cash',
        '1234567890',
        'This amount is too large: at most 9 digits before the decimals.',
      ],
      ['Amount tendered', 'Add cash', '0', 'An amount of zero pays nothing: type the amount tendered.'],
      ['Card amount', 'Add card', '1.005', 'Amounts in EUR have at most 2 decimals.'],
      ['Card amount', 'Add card', '5', 'The card amount cannot exceed the remaining €2.19.'],
    ];
    for (const [label, button, typed, message] of cases) {
      const field = payPanel(page).getByLabel(label);
      await field.fill(typed);
      await payPanel(page).getByRole('button', { name: button }).click();
      await payPanel(page).getByRole('alert').filter({ hasText: message }).waitFor();
      expect(await fieldState(field), `${label} ${typed}`).toEqual({ invalid: 'true', description: message });
      await expect(field.inputValue()).resolves.toBe(typed);
      expect(await payPanel(page).getByRole('list', { name: 'Payments' }).count(), `${label} ${typed}`).toBe(
        0,
      );
      await field.fill('');
    }
  });
});

describe('a Pay that refuses before the money is taken', () => {
  /** Sets `blockedReason` on the till's payment element, as the shell does. */
  async function block(page: Page, reason: string | null): Promise<void> {
    await page.locator('pos-payment').evaluate((el, r) => {
      (el as unknown as { blockedReason: string | null }).blockedReason = r;
    }, reason);
  }

  it('blockedReason disables Pay and Confirm and shows the reason; the payments stay; clearing it enables both', async () => {
    const page = await openTill(context, server.url);
    const stored = await orderUuids(page);
    await tap(page, COLA);
    const reason = 'The session must be checked first.';
    await block(page, reason);
    await waitFor('Pay disabled', () => payButton(page).isDisabled());
    await page.getByText(reason).waitFor();
    await expect(payButton(page).evaluate((b) => b.getAttribute('aria-describedby'))).resolves.toBe(
      'pay-blocked',
    );
    expect(await payDescription(page)).toBe(reason);

    await block(page, null);
    await waitFor('Pay enabled', () => payButton(page).isEnabled());
    expect(await page.getByText(reason).count()).toBe(0);
    await payButton(page).click();
    await payPanel(page).getByRole('button', { name: 'Exact €2.19' }).click();
    const confirm = payPanel(page).getByRole('button', { name: 'Confirm payment' });
    await waitFor('Confirm enabled', () => confirm.isEnabled());

    await block(page, reason);
    await waitFor('Confirm disabled', () => confirm.isDisabled());
    await payPanel(page).getByRole('alert').filter({ hasText: reason }).waitFor();
    await payPanel(page).getByRole('list', { name: 'Payments' }).getByText('Cash €2.19').waitFor();
    await confirm.click({ force: true }).catch(() => undefined); // a tap on the disabled button does nothing
    expect(await orderUuids(page)).toEqual(stored);

    await block(page, null);
    await waitFor('Confirm enabled again', () => confirm.isEnabled());
    expect(await payPanel(page).getByText(reason).count()).toBe(0);
    await confirm.click();
    await page.getByRole('button', { name: /New sale/ }).waitFor({ timeout: 15_000 });
    expect((await orderUuids(page)).length).toBe(stored.length + 1);
  });
});

describe('the manager PIN field', () => {
  it('a 9-digit PIN is refused with a message and never checked (its first 8 digits are the PIN)', async () => {
    await api(server, 'PATCH', '/api/configs/1', { managerPin: '12345678' });
    const page = await openTill(context, server.url);
    await page.getByRole('button', { name: /^Held orders/ }).click();
    const pin = heldPanel(page).getByLabel('Manager PIN');
    await pin.click();
    await page.keyboard.type('123456789'); // one digit too many, typed key by key
    await expect(pin.inputValue()).resolves.toBe('123456789'); // nothing cut off
    await heldPanel(page).getByRole('button', { name: 'Unlock' }).click();
    const message = 'A manager PIN is 4 to 8 digits: check what was typed.';
    await heldPanel(page).getByRole('alert').filter({ hasText: message }).waitFor();
    expect(await fieldState(pin)).toEqual({ invalid: 'true', description: message });
    // Not checked: the area stays locked, and it is not "Wrong PIN." either.
    expect(await heldPanel(page).getByRole('table').count()).toBe(0);
    expect(await heldPanel(page).getByText('Wrong PIN.').count()).toBe(0);

    await pin.fill('12345678');
    await heldPanel(page).getByRole('button', { name: 'Unlock' }).click();
    // Unlocked: the device's held orders, or none (earlier tests of this file share the device).
    await heldPanel(page)
      .getByRole('table')
      .or(heldPanel(page).getByText('No held or rejected orders on this device.'))
      .waitFor();
    expect(await heldPanel(page).getByText('Wrong PIN.').count()).toBe(0);
  });

  it('an empty PIN is refused at the field in the till’s words', async () => {
    await api(server, 'PATCH', '/api/configs/1', { managerPin: '2468' });
    const page = await openTill(context, server.url);
    await page.getByRole('button', { name: /^Held orders/ }).click();
    const pin = heldPanel(page).getByLabel('Manager PIN');
    await pin.waitFor();
    await heldPanel(page).getByRole('button', { name: 'Unlock' }).click();
    await heldPanel(page).getByText('Type the manager PIN: 4 to 8 digits.').waitFor();
    expect((await fieldState(pin)).invalid).toBe('true');
  });
});

/** The accessible label of the element that has focus, through shadow roots. */
async function focusedLabel(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
  });
}

/** True when focus is inside the number pad's dialog. */
async function insidePad(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el) {
      if (el.tagName === 'POS-NUMBER-PAD') return el.shadowRoot?.activeElement !== null;
      el = el.shadowRoot?.activeElement ?? null;
    }
    return false;
  });
}

/** The text the Pay button is described by. */
async function payDescription(page: Page): Promise<string> {
  return page.locator('pos-payment').evaluate((el) => {
    const root = el.shadowRoot;
    const ids = (root?.querySelector('button.pay')?.getAttribute('aria-describedby') ?? '').split(' ');
    return ids.map((id) => root?.getElementById(id)?.textContent?.trim() ?? '').join(' ');
  });
}
