/**
 * Go (net/http, standard library only) and gRPC-Go: the .go files in this folder, rendered. They are
 * real Go — gofmt and the interop tests read them as they are — with placeholders where Go allows
 * any text: `__SERVICE__`, `__PORT__`, `__CERT_DIR__`, `__URL__`, `__HOST_PORT__` inside string
 * literals and comments, a `// __NO_KEY_NOTE__` line, and for the gRPC fragments a `package snippet`
 * clause that is dropped (the fragment goes into a package of the user's). Their text reaches the
 * engine through templates.gen.ts (scripts/snippet-templates.mjs): the engine reads no files.
 */
import { NO_KEY_NOTE, SnippetInputError, type Context } from './context.js';
import { GO_TEMPLATES, type GoTemplate } from './templates.gen.js';

/** Characters that read the same in a Go string literal and a comment: what every value is validated to. */
const PLAIN = /^[A-Za-z0-9._:/[\]-]*$/;

export function renderGo(template: GoTemplate, c: Context): string {
  const values: Readonly<Record<string, string>> = { SERVICE: c.service, PORT: String(c.port), CERT_DIR: c.dir, URL: c.url, HOST_PORT: c.hostPort };
  for (const [name, value] of Object.entries(values)) if (!PLAIN.test(value)) throw new SnippetInputError('errors:snippet.notGoSafe', { name: name.toLowerCase(), value });
  return GO_TEMPLATES[template]
    .replace('\n// __NO_KEY_NOTE__', c.hasKey ? '' : `\n// ${NO_KEY_NOTE}`)
    .replace(/^package snippet\b.*\n\n/m, '')
    .replace(/__([A-Z_]+)__/g, (marker, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`${template} has an unknown placeholder ${marker}`);
      return value;
    });
}
