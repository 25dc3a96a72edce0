/**
 * Must be the first import of the renderer entry: zod decides per schema, when the schema is built,
 * whether to compile a fast path with `new Function`. Our CSP forbids eval, so we switch that off
 * before any shared schema module runs (the probe alone would log a CSP violation).
 */
import { z } from 'zod';

z.config({ jitless: true });
