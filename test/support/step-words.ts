/** A progress step as the CLI prints it: main's catalog message in English. */
import { english } from '../../shared/i18n/english.js';
import type { Msg } from '../../shared/i18n/message.js';

export const stepWords = (step: Msg): string => english(step);
