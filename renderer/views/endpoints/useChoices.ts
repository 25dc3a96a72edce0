import { useEffect, useState } from 'react';
import type { CertificateSummary } from '../../../shared/domain/certificate.js';
import { certificateLabel, formatDate } from '../../app/format.js';
import { t } from '../../i18n/instance.js';
import { call, type IpcError } from '../../ipc/client.js';
import { isClientCapable, isServable, shortSerial } from './model.js';

export interface Choice {
  readonly value: string;
  readonly label: string;
}

export type Choices = { readonly state: 'loading' } | { readonly state: 'ready'; readonly options: readonly Choice[]; /** Main matched more than one window of rows: type to narrow. */ readonly more: boolean } | { readonly state: 'failed'; readonly error: IpcError };

/** How many certificates a picker offers at once; more are found by typing part of the name (as Inspect's client picker). */
export const CHOICES_AT_ONCE = 200;

/** "orders · client — Acme Issuing CA, serial 4F…A1, expires 2027-01-05". */
export function certificateChoice(c: CertificateSummary): Choice {
  return { value: c.id, label: t('watch:view.form.certificateChoice', { name: certificateLabel(c), issuer: c.issuerCommonName, serial: shortSerial(c.serialNumberHex), date: formatDate(c.notAfter) }) };
}

/**
 * The vault's certificates a picker offers, picked by main (`certificate.query`, by name): for the
 * client certificate those whose key the vault holds and that are for clients; for the expected one
 * those a server serves (current ones: a renewal is followed by main).
 */
export function useCertificateChoices(find: string, kind: 'client' | 'expected'): Choices {
  const [choices, setChoices] = useState<Choices>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    void call('certificate.query', { query: find.slice(0, 200), showRetired: kind === 'client', withKey: kind === 'client', sort: { key: 'commonName', direction: 'ascending' }, offset: 0, limit: CHOICES_AT_ONCE }).then((result) => {
      if (!live) return;
      if (!result.ok) setChoices({ state: 'failed', error: result.error });
      else setChoices({ state: 'ready', options: result.value.rows.filter(kind === 'client' ? isClientCapable : isServable).map(certificateChoice), more: result.value.matching > result.value.rows.length });
    });
    return () => {
      live = false;
    };
  }, [find, kind]);
  return choices;
}

/** The labels of certificates named by id (an endpoint's client and expected certificates), for the detail pane and the edit form. */
export function useCertificateNames(ids: readonly string[]): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    if (key === '') return;
    let live = true;
    void call('certificate.summaries', { ids: key.split(','), expiringWithinDays: null }).then((result) => {
      if (live && result.ok) setNames(new Map(result.value.map((c) => [c.id, certificateChoice(c).label])));
    });
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}
