/**
 * `const t = useT()` in a component: the window's `t`, accepting every namespace's keys (always
 * written `namespace:key`), and re-rendering the component when the language changes.
 */
import { useTranslation } from 'react-i18next';
import { NAMESPACES } from '../../shared/i18n/i18n.js';

export const useT = () => useTranslation(NAMESPACES).t;
