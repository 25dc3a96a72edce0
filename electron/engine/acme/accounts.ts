/**
 * What an account request carries besides its key (RFC 8555 §7.3): contact URLs, a status change,
 * and the reason code of a revocation (§7.6). Read and refused here; stored by the service.
 */
import type { RevocationReason } from '../../../shared/domain/revocation.js';
import { checkEmail } from '../../../shared/validation/san.js';
import { AcmeProblem } from './problems.js';

/** Contacts of one account, at most. */
export const MAX_CONTACTS = 10;
const MAX_CONTACT_LENGTH = 320;

/** §7.3: a list of mailto: URLs, each with one address and no header fields. */
export function readContacts(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.some((c) => typeof c !== 'string')) throw new AcmeProblem('malformed', 'contact is a list of URLs (mailto:…)');
  if (raw.length > MAX_CONTACTS) throw new AcmeProblem('invalidContact', `An account has at most ${MAX_CONTACTS} contacts`);
  const contacts: string[] = [];
  for (const contact of raw as string[]) {
    if (contact.length > MAX_CONTACT_LENGTH) throw new AcmeProblem('invalidContact', `A contact is at most ${MAX_CONTACT_LENGTH} characters`);
    const match = /^mailto:(.*)$/i.exec(contact);
    if (!match) throw new AcmeProblem('unsupportedContact', `${JSON.stringify(contact.slice(0, 80))}: this server takes mailto: contacts only`);
    const address = match[1]!;
    if (/[?,]/.test(address)) throw new AcmeProblem('invalidContact', `${JSON.stringify(contact.slice(0, 80))}: one address per contact, without header fields`);
    const check = checkEmail(address);
    if (!check.ok) throw new AcmeProblem('invalidContact', `${JSON.stringify(contact.slice(0, 80))}: ${check.message}`);
    const normalized = `mailto:${check.entry.value}`;
    if (!contacts.includes(normalized)) contacts.push(normalized);
  }
  return contacts;
}

/**
 * The reasons a subscriber may give (RFC 5280 CRLReason codes), as Boulder takes them: unspecified,
 * keyCompromise, affiliationChanged, superseded, cessationOfOperation. A hold is not final and a CA
 * or AA compromise is the CA's to declare, so those are badRevocationReason.
 */
const SUBSCRIBER_REASONS: ReadonlyMap<number, RevocationReason> = new Map([
  [0, 'unspecified'],
  [1, 'keyCompromise'],
  [3, 'affiliationChanged'],
  [4, 'superseded'],
  [5, 'cessationOfOperation'],
]);

export function revocationReason(raw: unknown): RevocationReason {
  if (raw === undefined) return 'unspecified';
  const reason = typeof raw === 'number' && Number.isInteger(raw) ? SUBSCRIBER_REASONS.get(raw) : undefined;
  if (!reason) throw new AcmeProblem('badRevocationReason', `Reason ${JSON.stringify(raw)?.slice(0, 20)} is not one a subscriber may give here: 0 (unspecified), 1 (keyCompromise), 3 (affiliationChanged), 4 (superseded) or 5 (cessationOfOperation)`);
  return reason;
}
