/**
 * Bring your own PKI on the command line: `ca import`, `sign-csr --profile ca` and
 * `export CA --format istio`. The same service calls as the window's, checked by the same schemas.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { containsPem } from '../engine/pem.js';
import { writeFileAtomically } from '../services/atomic-write.js';
import { readPasswordFile, intOption, warn, withEnglishWarnings, type CommandIo, type Values, optionValues } from './commands.js';
import { CliError, usageError } from './errors.js';
import { english } from '../../shared/i18n/english.js';
import type { Session } from './session.js';


/** A file as the services take outside input: PEM as text, anything else (DER, PKCS#12) as base64. */
async function readInputFile(file: string): Promise<{ content: string; encoding: 'text' | 'base64' }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const text = bytes.toString('utf8');
  return containsPem(text) ? { content: text, encoding: 'text' } : { content: bytes.toString('base64'), encoding: 'base64' };
}

/** `ca import FILE [--password-file F]`: a .p12/.pfx, or PEM holding the CA certificate and its key (and chain). */
export async function caImport(session: Session, file: string | undefined, values: Values, io: CommandIo): Promise<void> {
  if (!file) throw usageError('ca import needs the file: a PKCS#12 (.p12/.pfx) or PEM with the CA certificate and its private key');
  const input = await readInputFile(file);
  const password = typeof values['password-file'] === 'string' ? await readPasswordFile(values['password-file']) : null;
  const added = await session.run('authority.import', { ...input, password }, (v) => session.services.byoPki.importAuthority(v));
  if (io.json) return io.out(JSON.stringify(added, null, 2));
  io.out(`Imported ${added.commonName} as an authority with its key`);
  io.out(`  id       ${added.authorityId ?? '-'}`);
}

/**
 * `sign-csr FILE --ca CA --profile ca [--path-len N] [--permit-dns D]… [--exclude-dns D]…
 * [--permit-ip CIDR]… [--exclude-ip CIDR]… [--days N] --out FILE --yes`: the window asks to type the
 * CA's name; here --yes says the same (without it, what would be signed is printed and nothing is).
 */
export async function signSubCa(session: Session, file: string | undefined, values: Values, io: CommandIo): Promise<void> {
  if (!file) throw usageError('sign-csr needs the CSR file');
  if (typeof values.ca !== 'string') throw usageError('sign-csr needs --ca CA');
  if (typeof values.out !== 'string') throw usageError('sign-csr --profile ca needs --out FILE (the sub-CA certificate and its chain up to the root, PEM)');
  // PEM as text, DER as base64: the request reader takes either.
  const { content: csr } = await readInputFile(file);
  const authority = await session.authority(values.ca);
  const request = await session.run('csr.inspect', { csr }, (v) => session.services.certificates.reviewCsr(v.csr));
  for (const note of request.notes) io.err.write(`note: ${english(note)}\n`);
  if (request.refusals.length > 0) throw new CliError(`Refused: ${request.refusals.map((r) => english(r)).join('; ')}`);
  if (!request.caRequest) throw new CliError('Refused: the request does not ask to be a CA (no Basic Constraints CA:TRUE); sign it with --profile server, client or peer');
  const requested = request.caRequest.pathLength === null ? 'no path length' : `path length ${request.caRequest.pathLength}`;
  const pathLength = intOption(values['path-len'], '--path-len') ?? 0;
  if (values.yes !== true) {
    throw new CliError(
      `Not signed: this makes "${request.subject.commonName}" (${request.subjectDn}, asking ${requested}) a CA under ${authority.subject.commonName} with path length ${pathLength}; everything it signs will be trusted wherever ${authority.subject.commonName} is. Add --yes to sign it`,
    );
  }
  const days = intOption(values.days, '--days');
  const nameConstraints = { permittedDns: optionValues(values['permit-dns']), excludedDns: optionValues(values['exclude-dns']), permittedIp: optionValues(values['permit-ip']), excludedIp: optionValues(values['exclude-ip']) };
  const signed = await session.run(
    'csr.signCa',
    { csr, authorityId: authority.id, pathLength, nameConstraints, ...(days !== undefined ? { validityDays: days } : {}), confirmCommonName: request.subject.commonName },
    (v) => session.services.byoPki.signSubCa(v),
  );
  warn(io, signed.warnings);
  const detail = await session.do(() => session.services.certificates.get(signed.certificate.id));
  const out = resolve(values.out);
  await session.do(() => writeFileAtomically(out, `${detail.certificatePem}${detail.chainPem}${detail.rootPem}`));
  if (io.json) return io.out(JSON.stringify({ ...withEnglishWarnings(signed), out }, null, 2));
  io.out(`Signed ${signed.certificate.subject.commonName} as a sub-CA of ${signed.certificate.issuerCommonName} (path length ${pathLength}), valid until ${signed.certificate.notAfter}`);
  io.out(`  id       ${signed.certificate.id}`);
  io.out(`  serial   ${signed.certificate.serialNumberHex}`);
  io.out(`Wrote ${out} (the sub-CA certificate, then its chain up to the root)`);
}

/** `export CA --format istio --out DIR`: Istio's plug-in CA files from an intermediate. */
export async function exportIstio(session: Session, reference: string | undefined, values: Values, io: CommandIo): Promise<void> {
  if (!reference) throw usageError('export --format istio needs the intermediate CA (id, serial or common name)');
  if (typeof values.out !== 'string') throw usageError('export --format istio needs --out DIR (a new or empty folder)');
  const authority = await session.authority(reference);
  const out = values.out;
  const { paths } = await session.run('authority.exportIstio', { id: authority.id }, (v) => session.services.byoPki.exportIstio(v.id, async () => out));
  if (io.json) return io.out(JSON.stringify({ format: 'istio', files: paths }, null, 2));
  io.out(`Wrote ${paths.length} files to ${resolve(out)}`);
  io.err.write('note: ca-key.pem is the intermediate\'s private key (mode 0600): create the cacerts secret, then delete this copy\n');
  io.out(`Then: cd ${resolve(out)} && $(cat kubectl.txt)`);
}
