import { useEffect, useState, type ReactNode } from 'react';
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import type { CsrSummary } from '../../../shared/domain/certificate.js';
import { issuingAuthorities } from '../../app/authority-tree.js';
import { useNavigation } from '../../app/navigation.js';
import { ErrorAlert } from '../../components/Alert.js';
import { useT } from '../../i18n/use-t.js';
import { wordOf } from '../../i18n/instance.js';
import { call, withoutField, type IpcError } from '../../ipc/client.js';
import { routeFailure } from '../shared/failure.js';
import { EMPTY_SUB_CA, fieldOf, subCaErrors, subCaRequest, type SubCaDraft, type SubCaField } from './sub-ca.js';
import { SubCaDecision } from './SubCaDecision.js';

/** The draft's fields and the field each one's errors show on. */
const FIELD_OF = { issuerId: 'authorityId', pathLength: 'pathLength', validityDays: 'validityDays', typedName: 'confirmCommonName' } as const satisfies Partial<Record<keyof SubCaDraft, SubCaField>>;

export interface SubCaSigning {
  /** The inspected request asks to be a CA (and nothing else refuses it): it is signed as a sub-CA. */
  readonly active: boolean;
  /** Every decision is valid and the name typed: Sign sub-CA can be pressed. */
  readonly ready: boolean;
  readonly busy: boolean;
  readonly sign: () => Promise<void>;
  readonly form: ReactNode;
}

/**
 * The sub-CA branch of the Sign a CSR wizard: its own decisions (SubCaDecision), checked as typed,
 * signed through csr.signCa. `preselected`: the CA the wizard was opened from.
 */
export function useSubCaSigning(summary: CsrSummary | null, csr: string, authorities: readonly AuthoritySummary[], preselected: string | undefined): SubCaSigning {
  const t = useT();
  const nav = useNavigation();
  const [now] = useState(() => new Date());
  const [draft, setDraft] = useState<SubCaDraft>(EMPTY_SUB_CA);
  const [touched, setTouched] = useState<ReadonlySet<SubCaField>>(new Set());
  const [serverErrors, setServerErrors] = useState<Partial<Record<SubCaField, string>>>({});
  const [error, setError] = useState<IpcError | string | null>(null);
  const [busy, setBusy] = useState(false);
  const active = summary !== null && summary.caRequest !== null && summary.refusals.length === 0;

  // Start from the CA the wizard was opened from, when it can sign a CA.
  useEffect(() => {
    if (draft.issuerId !== '' || !preselected) return;
    if (issuingAuthorities(authorities, now).some((n) => n.authority.id === preselected)) setDraft((d) => ({ ...d, issuerId: preselected }));
  }, [authorities, preselected, draft.issuerId, now]);

  const issuer = authorities.find((a) => a.id === draft.issuerId);
  const errors = active && summary ? subCaErrors(csr, summary, draft, issuer, now) : {};
  const shown: Partial<Record<SubCaField, string>> = { ...serverErrors };
  for (const [field, message] of Object.entries(errors) as Array<[SubCaField, string]>) if (touched.has(field) || (field === 'authorityId' && draft.issuerId !== '')) shown[field] ??= message;

  function change(next: SubCaDraft) {
    const changed = new Set(touched);
    for (const [key, field] of Object.entries(FIELD_OF) as Array<[keyof typeof FIELD_OF, SubCaField]>) if (next[key] !== draft[key]) changed.add(field);
    for (const key of Object.keys(next.constraints) as Array<keyof SubCaDraft['constraints']>) if (next.constraints[key] !== draft.constraints[key]) changed.add(key);
    setTouched(changed);
    setServerErrors({});
    setError(null);
    setDraft(next);
  }

  async function sign() {
    if (!active || Object.keys(errors).length > 0) {
      setTouched(new Set(Object.keys(errors) as SubCaField[]));
      return;
    }
    setBusy(true);
    setError(null);
    const result = await call('csr.signCa', subCaRequest(csr, draft, issuer, now));
    setBusy(false);
    if (result.ok) {
      const c = result.value.certificate;
      nav.show('certificates', { select: c.id, flash: { message: t('signCsr:subCa.signed', { name: c.subject.commonName, issuer: c.issuerCommonName }), warnings: result.value.warnings.map(wordOf) } });
      return;
    }
    routeFailure(result.error, {
      fieldFromPath: (path) => (path === '' || path === 'csr' ? undefined : fieldOf(path.split('.'))),
      onField: (field, message) => setServerErrors((e) => ({ ...e, [field]: message })),
      onOther: (e) => setError(withoutField(e)),
    });
  }

  const form =
    active && summary ? (
      <>
        <SubCaDecision summary={summary} authorities={authorities} draft={draft} onChange={change} errors={shown} now={now} />
        {error ? <ErrorAlert error={error} title={t('signCsr:subCa.notSigned')} /> : null}
      </>
    ) : null;
  return { active, ready: active && Object.keys(errors).length === 0 && !busy, busy, sign, form };
}
