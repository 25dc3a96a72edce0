import { DEFAULT_PUBLICATION_BASE } from '../../../shared/domain/publication.js';
import { CaUrlsSection } from '../../views/publication/CaUrlsFieldset.js';
import { suggestion } from '../../views/publication/ca-urls.js';
import { useT } from '../../i18n/use-t.js';
import type { StepProps } from './IdentityStep.js';

/** The revocation URLs, a section of the key step: every certificate the root signs carries them. */
export function UrlsSection({ state, errors, dispatch }: StepProps) {
  const t = useT();
  const suggested = { base: DEFAULT_PUBLICATION_BASE, urls: suggestion(DEFAULT_PUBLICATION_BASE, state.subject.commonName) };
  return (
    <CaUrlsSection
      intro={t('newRoot:key.urlsIntro')}
      draft={state.urls}
      errors={errors}
      dispatch={dispatch}
      suggestion={suggested}
    />
  );
}
