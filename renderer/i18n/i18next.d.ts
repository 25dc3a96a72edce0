/**
 * Typed keys: `t('dashboard:panel.title')` is checked against the English catalog at compile time, so
 * a typo or a key that no longer exists does not build. Keys are always written with their namespace.
 */
import 'i18next';
import type { Catalog } from '../../shared/i18n/catalogs/en/index.js';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    nsSeparator: ':';
    keySeparator: '.';
    resources: Catalog;
    returnNull: false;
  }
}
