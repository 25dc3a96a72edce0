import { FILE_NAMES, fileBytes, type BundleFile } from '../pem-set.js';
import { NO_KEY_NOTE, SnippetInputError, type Context } from './context.js';

/** A Kubernetes object name (RFC 1123 label) derived from the service name. */
export function kubernetesName(serviceName: string): string {
  const name = serviceName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 59).replace(/-$/, '');
  if (!name) throw new SnippetInputError('errors:snippet.noKubernetesName');
  return name;
}

function base64(f: BundleFile | undefined): string {
  return f ? Buffer.from(fileBytes(f)).toString('base64') : '';
}

/** A kubernetes.io/tls Secret: tls.crt = fullchain.pem, tls.key = key.pem, ca.crt = ca.pem. */
export function kubernetesSecret(c: Context, files: readonly BundleFile[]): string {
  const byName = (name: string) => files.find((f) => f.name === name);
  const name = `${kubernetesName(c.service)}-tls`;
  const key = byName(FILE_NAMES.key);
  return `# Kubernetes TLS Secret for ${c.service}: tls.crt = fullchain.pem, tls.key = key.pem, ca.crt = ca.pem.
${key ? '# It holds the private key: keep this file as secret as key.pem.\n' : `# ${NO_KEY_NOTE}\n# Put its PEM, base64-encoded, in tls.key before applying.\n`}apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  labels:
    app.kubernetes.io/name: ${JSON.stringify(c.service)}
    app.kubernetes.io/managed-by: certwright
type: kubernetes.io/tls
data:
  tls.crt: ${base64(byName(FILE_NAMES.fullchain))}
  tls.key: ${key ? base64(key) : '""'}
  ca.crt: ${base64(byName(FILE_NAMES.ca))}
`;
}
