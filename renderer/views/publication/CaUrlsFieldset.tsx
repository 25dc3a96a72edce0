import { Button } from '../../components/Button.js';
import { TextField } from '../../components/Field.js';
import { extensionPreview, URL_FIELDS, URL_LABELS, type UrlDraft, type UrlField } from './ca-urls.js';

const PLACEHOLDERS: Readonly<Record<UrlField, string>> = {
  crlUrl: 'http://pki.acme.internal/issuing.crl',
  ocspUrl: 'http://pki.acme.internal/issuing/ocsp',
  caIssuersUrl: 'http://pki.acme.internal/issuing.crt',
};

const HINTS: Readonly<Record<UrlField, string>> = {
  crlUrl: 'Where clients download the revocation list (DER).',
  ocspUrl: 'Where clients ask whether one certificate is revoked.',
  caIssuersUrl: "Where clients fetch this CA's certificate to complete a chain (DER).",
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
  const preview = extensionPreview(draft);
  return (
    <>
      <div className="ca-urls-suggest">
        <Button onClick={onSuggest}>Use Certwright's publication server</Button>
        <p className="field-hint">
          Fills in <code>{suggestion.urls.crlUrl}</code> and the like: what the publication server on <code>{suggestion.base}</code> serves for this CA (start it from the CA's Revocation area). Or give your own web server's URLs.
        </p>
      </div>
      <div className="grid-2">
        {URL_FIELDS.map((field) => (
          <TextField
            key={field}
            id={`url-${field}`}
            label={URL_LABELS[field]}
            optional
            inputMode="url"
            placeholder={PLACEHOLDERS[field]}
            value={draft[field]}
            onValueChange={(value) => onChange(field, value)}
            onBlur={() => onBlur(field)}
            hint={HINTS[field]}
            error={errors[field]}
            autoComplete="off"
          />
        ))}
      </div>
      <section className="ca-urls-preview" aria-labelledby="ca-urls-preview-title">
        <h3 id="ca-urls-preview-title" className="section-title">
          What issued certificates will carry
        </h3>
        {preview.length > 0 ? (
          <pre className="ca-urls-lines" aria-label="Extension preview">
            {preview.join('\n')}
          </pre>
        ) : (
          <p className="muted">No revocation URLs: clients that check revocation find nowhere to look, and certificates issued now will never carry them.</p>
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
  return (
    <section className="step-section" aria-labelledby="urls-title">
      <h3 id="urls-title" className="section-title">
        Where clients check revocation
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
