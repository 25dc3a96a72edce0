import { Button } from '../../components/Button.js';
import { TextField } from '../../components/Field.js';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n/use-t.js';
import { extensionPreview, URL_FIELDS, urlLabel, type UrlDraft, type UrlField } from './ca-urls.js';

const PLACEHOLDERS: Readonly<Record<UrlField, string>> = {
  crlUrl: 'http://pki.acme.internal/issuing.crl',
  ocspUrl: 'http://pki.acme.internal/issuing/ocsp',
  caIssuersUrl: 'http://pki.acme.internal/issuing.crt',
};


interface CaUrlsFieldsetProps {
  readonly draft: UrlDraft;
  readonly errors: Partial<Record<UrlField, string | undefined>>;
  readonly onChange: (field: UrlField, value: string) => void;
  readonly onBlur: (field: UrlField) => void;
  /** The URLs of Certwright's publication server for this CA, and the address they use. */
  readonly suggestion: { readonly base: string; readonly urls: UrlDraft };
  readonly onSuggest: () => void;
}

/**
 * The CRL distribution point, OCSP and CA Issuers URLs of a CA being created, with a preview of the
 * extensions every certificate it issues will carry. Certificates cannot be changed once signed, so
 * this is asked before the first one.
 */
export function CaUrlsFieldset({ draft, errors, onChange, onBlur, suggestion, onSuggest }: CaUrlsFieldsetProps) {
  const t = useT();
  const preview = extensionPreview(draft);
  return (
    <>
      <div className="ca-urls-suggest">
        <Button onClick={onSuggest}>{t('publication:urls.suggest')}</Button>
        <p className="field-hint">
          <Trans t={t} i18nKey="publication:urls.suggestHint" values={{ crlUrl: suggestion.urls.crlUrl, base: suggestion.base }} components={{ 1: <code />, 3: <code /> }} />
        </p>
      </div>
      <div className="grid-2">
        {URL_FIELDS.map((field) => (
          <TextField
            key={field}
            id={`url-${field}`}
            label={urlLabel(field)}
            optional
            inputMode="url"
            placeholder={PLACEHOLDERS[field]}
            value={draft[field]}
            onValueChange={(value) => onChange(field, value)}
            onBlur={() => onBlur(field)}
            hint={t(`publication:urls.${field}Hint` as const)}
            error={errors[field]}
            autoComplete="off"
          />
        ))}
      </div>
      <section className="ca-urls-preview" aria-labelledby="ca-urls-preview-title">
        <h3 id="ca-urls-preview-title" className="section-title">
          {t('publication:urls.previewTitle')}
        </h3>
        {preview.length > 0 ? (
          <pre className="ca-urls-lines" aria-label={t('publication:urls.previewLabel')}>
            {preview.join('\n')}
          </pre>
        ) : (
          <p className="muted">{t('publication:urls.noUrls')}</p>
        )}
      </section>
    </>
  );
}

/** Actions of a CA wizard's reducer that edit the URLs (the root and the intermediate wizard share them). */
export type UrlAction = { type: 'url'; field: UrlField; value: string } | { type: 'touch'; field: UrlField } | { type: 'urls'; value: UrlDraft };

interface CaUrlsSectionProps {
  /** Who carries these URLs, in one sentence for this wizard. */
  readonly intro: string;
  readonly draft: UrlDraft;
  readonly errors: CaUrlsFieldsetProps['errors'];
  readonly dispatch: (action: UrlAction) => void;
  readonly suggestion: CaUrlsFieldsetProps['suggestion'];
}

/** The "Where clients check revocation" section of the CA wizards. */
export function CaUrlsSection({ intro, draft, errors, dispatch, suggestion }: CaUrlsSectionProps) {
  const t = useT();
  return (
    <section className="step-section" aria-labelledby="urls-title">
      <h3 id="urls-title" className="section-title">
        {t('publication:urls.sectionTitle')}
      </h3>
      <p className="muted">{intro}</p>
      <CaUrlsFieldset
        draft={draft}
        errors={errors}
        onChange={(field, value) => dispatch({ type: 'url', field, value })}
        onBlur={(field) => dispatch({ type: 'touch', field })}
        suggestion={suggestion}
        onSuggest={() => dispatch({ type: 'urls', value: suggestion.urls })}
      />
    </section>
  );
}
