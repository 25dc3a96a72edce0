import { useEffect, useState } from 'react';
import type { CertificateSummary } from '../../shared/domain/certificate.js';
import { call } from '../ipc/client.js';
import type { Load } from './useLoad.js';

/**
 * The summaries of the certificates a wizard works on — by id, or every one a renewal of "expiring
 * within N days" would take — from main's inventory (`certificate.summaries`): never the whole list.
 */
export function useCertificateSummaries(request: { readonly ids?: readonly string[]; readonly expiringWithinDays?: number | null }): Load<CertificateSummary[]> {
  const [load, setLoad] = useState<Load<CertificateSummary[]>>({ state: 'loading' });
  const key = JSON.stringify([request.ids ?? [], request.expiringWithinDays ?? null]);
  useEffect(() => {
    let live = true;
    const [ids, expiringWithinDays] = JSON.parse(key) as [string[], number | null];
    void call('certificate.summaries', { ids, expiringWithinDays }).then((result) => {
      if (live) setLoad(result.ok ? { state: 'ready', value: result.value } : { state: 'failed', error: result.error });
    });
    return () => {
      live = false;
    };
  }, [key]);
  return load;
}
