import { Trans } from 'react-i18next';
import { Button } from '../../components/Button.js';
import { describedBy } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import { addResolveRow, type ResolveRow } from './model.js';

interface ResolveListProps {
  readonly id: string;
  readonly rows: readonly ResolveRow[];
  /** By path: `resolve.0.name`, `resolve.0.address`. */
  readonly problems: Readonly<Record<string, string>>;
  readonly onChange: (rows: ResolveRow[]) => void;
}

/** Lab names the server checks http-01 at the address given instead of asking DNS, like curl's --resolve. */
export function ResolveList({ id, rows, problems, onChange }: ResolveListProps) {
  const t = useT();
  const edit = (i: number, patch: Partial<ResolveRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="acme-resolve" aria-describedby={`${id}-hint`}>
      <legend className="field-label">{t('acme:resolve.legend')}</legend>
      <p id={`${id}-hint`} className="field-hint">
        <Trans t={t} i18nKey="acme:resolve.hint" values={{ lego: 'lego --http.port :5002', certbot: 'certbot --http-01-port 5002' }} components={{ 1: <code />, 3: <code /> }} />
      </p>
      {rows.length > 0 ? (
        <ul className="acme-resolve-rows" aria-label={t('acme:resolve.listLabel')}>
          {rows.map((row, i) => {
            const n = i + 1;
            const nameError = problems[`resolve.${i}.name`];
            const addressError = problems[`resolve.${i}.address`];
            const nameId = `${id}-${row.key}-name`;
            const addressId = `${id}-${row.key}-address`;
            return (
              <li key={row.key} className="acme-resolve-row">
                <div className={nameError ? 'field has-error' : 'field'}>
                  <input
                    id={nameId}
                    className="input"
                    value={row.name}
                    onChange={(e) => edit(i, { name: e.target.value })}
                    placeholder="a.lab.test"
                    aria-label={t('acme:resolve.name', { n })}
                    aria-invalid={nameError ? true : undefined}
                    aria-describedby={describedBy(nameId, false, nameError)}
                    spellCheck={false}
                    autoComplete="off"
                  />
                  {nameError ? (
                    <p id={`${nameId}-error`} className="field-error">
                      {nameError}
                    </p>
                  ) : null}
                </div>
                <span className="acme-resolve-arrow" aria-hidden="true">
                  →
                </span>
                <div className={addressError ? 'field has-error' : 'field'}>
                  <input
                    id={addressId}
                    className="input"
                    value={row.address}
                    onChange={(e) => edit(i, { address: e.target.value })}
                    placeholder="127.0.0.1"
                    aria-label={t('acme:resolve.address', { n })}
                    aria-invalid={addressError ? true : undefined}
                    aria-describedby={describedBy(addressId, false, addressError)}
                    spellCheck={false}
                    autoComplete="off"
                  />
                  {addressError ? (
                    <p id={`${addressId}-error`} className="field-error">
                      {addressError}
                    </p>
                  ) : null}
                </div>
                <Button variant="ghost" aria-label={t('acme:resolve.removeLabel', { n })} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                  {t('acme:resolve.remove')}
                </Button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <div>
        <Button icon={<Icon name="plus" />} onClick={() => onChange(addResolveRow(rows))}>
          {t('acme:resolve.add')}
        </Button>
      </div>
    </fieldset>
  );
}
