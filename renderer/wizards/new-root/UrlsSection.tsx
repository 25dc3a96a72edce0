import { DEFAULT_PUBLICATION_BASE } from '../../../shared/domain/publication.js';
import { CaUrlsSection } from '../../views/publication/CaUrlsFieldset.js';
import { suggestion } from '../../views/publication/ca-urls.js';
import type { StepProps } from './IdentityStep.js';

/** The revocation URLs, a section of the key step: every certificate the root signs carries them. */
export function UrlsSection({ state, errors, dispatch }: StepProps) {
  const suggested = { base: DEFAULT_PUBLICATION_BASE, urls: suggestion(DEFAULT_PUBLICATION_BASE, state.subject.commonName) };
  return (
    <CaUrlsSection
      intro="Every certificate this root signs (its intermediates, mostly) carries these URLs for its whole life: set them before the first one. Later changes apply to certificates issued after."
      draft={state.urls}
      errors={errors}
      dispatch={dispatch}
      suggestion={suggested}
    />
  );
}
