/**
 * The Prometheus text exposition format (version 0.0.4) of the vault's certificates, for
 * node_exporter's textfile collector: one gauge per certificate with its notAfter, counts by status,
 * authorities' notAfter and CRLs' nextUpdate.
 */
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import type { CertificateStatus, CertificateSummary } from '../../shared/domain/certificate.js';

/** Label values escape backslash, double quote and line feed; nothing else. */
function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Readonly<Record<string, string>>): string {
  return `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${label(v)}"`)
    .join(',')}}`;
}

const seconds = (iso: string) => String(Math.floor(Date.parse(iso) / 1000));

interface Family {
  readonly name: string;
  readonly help: string;
  readonly samples: ReadonlyArray<readonly [Readonly<Record<string, string>>, string]>;
}

function family({ name, help, samples }: Family): string {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...samples.map(([l, v]) => `${name}${Object.keys(l).length > 0 ? labels(l) : ''} ${v}`)].join('\n');
}

export function prometheusText(input: { readonly authorities: readonly AuthoritySummary[]; readonly certificates: readonly CertificateSummary[]; readonly crlNextUpdates: ReadonlyMap<string, string | null> }): string {
  const certLabels = (c: CertificateSummary) => ({ ca: c.issuerCommonName, cn: c.subject.commonName, serial: c.serialNumberHex, profile: c.profile });
  const statuses: CertificateStatus[] = ['valid', 'expired', 'not-yet-valid', 'revoked'];
  const families: Family[] = [
    { name: 'certwright_certificate_not_after_seconds', help: 'When the certificate expires (notAfter), as a Unix time.', samples: input.certificates.map((c) => [certLabels(c), seconds(c.notAfter)] as const) },
    {
      name: 'certwright_certificate_effective_not_after_seconds',
      help: 'When the certificate stops working: the earliest notAfter in its chain, as a Unix time.',
      samples: input.certificates.map((c) => [certLabels(c), seconds(c.effectiveNotAfter)] as const),
    },
    { name: 'certwright_certificates', help: 'Certificates in the vault by status.', samples: statuses.map((status) => [{ status }, String(input.certificates.filter((c) => c.status === status).length)] as const) },
    {
      name: 'certwright_authority_not_after_seconds',
      help: 'When the certificate authority expires (notAfter), as a Unix time.',
      samples: input.authorities.filter((a) => a.notAfter !== '').map((a) => [{ ca: a.subject.commonName, kind: a.kind }, seconds(a.notAfter)] as const),
    },
    {
      name: 'certwright_crl_next_update_seconds',
      help: "When the authority's latest CRL must be replaced (nextUpdate), as a Unix time.",
      samples: input.authorities.flatMap((a) => {
        const next = input.crlNextUpdates.get(a.id);
        return next ? [[{ ca: a.subject.commonName }, seconds(next)] as const] : [];
      }),
    },
  ];
  return `${families.map(family).join('\n')}\n`;
}
