import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from '../locales/locale-codes.js';

/** The languages of the till: English (the source) and French (the seed shop's). */
export type AppLocale = typeof sourceLocale | (typeof targetLocales)[number];
export const APP_LOCALES: readonly AppLocale[] = [sourceLocale, ...targetLocales];
/** Each language named in itself, so a person finds their own whatever the page speaks now. */
export const LANGUAGE_NAMES: Readonly<Record<AppLocale, string>> = { en: 'English', fr: 'Français' };
/** Where the cashier's choice is kept on the device (it outlives reloads and updates). */
export const LOCALE_STORAGE_KEY = 'pos-shell.locale';

const { getLocale, setLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  // One explicit import per locale: Vite makes each its own chunk, precached by the worker.
  loadLocale: (locale) =>
    locale === 'fr' ? import('../locales/fr.js') : Promise.reject(new Error(`no locale ${locale}`)),
});

/** The locale the till speaks now (also the one `Intl` formats money and dates in). */
export function currentLocale(): AppLocale {
  const locale = getLocale();
  return isAppLocale(locale) ? locale : sourceLocale;
}

/** True when `value` is one of {@link APP_LOCALES}. */
export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (APP_LOCALES as readonly string[]).includes(value);
}

/**
 * The locale to start in: the cashier's stored choice, else the first of the browser's languages
 * the till speaks (by primary subtag: `fr-BE` → `fr`), else English.
 */
export function pickLocale(stored: string | null, languages: readonly string[]): AppLocale {
  if (isAppLocale(stored)) return stored;
  for (const tag of languages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isAppLocale(primary)) return primary;
  }
  return sourceLocale;
}

/** Switches the till to `locale`, keeps the choice, and sets `<html lang>`. Resolves once rendered texts can switch. */
export async function changeLocale(locale: AppLocale): Promise<void> {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Private mode or a full quota: the choice lasts until reload, which is acceptable.
  }
  await applyLocale(locale);
}

/** Applies the start locale ({@link pickLocale}); falls back to English if its module fails to load. */
export async function applyStartLocale(): Promise<void> {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    stored = null;
  }
  await applyLocale(
    pickLocale(stored, navigator.languages.length > 0 ? navigator.languages : [navigator.language]),
  );
}

async function applyLocale(locale: AppLocale): Promise<void> {
  try {
    await setLocale(locale);
  } catch (error) {
    console.warn(`pos-shell: could not load locale ${locale}`, error);
    await setLocale(sourceLocale);
  }
  document.documentElement.lang = currentLocale();
}
