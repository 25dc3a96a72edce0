/**
 * An error from main in the window's language: its reason (a catalog key and parameters) when main
 * gave one, else the English message main wrote. Every place that shows an IpcError goes through here.
 */
import type { IpcError } from '../../shared/errors.js';
import { wordOf } from './instance.js';

export const errorText = (error: IpcError): string => (error.reason ? wordOf(error.reason) : error.message);
