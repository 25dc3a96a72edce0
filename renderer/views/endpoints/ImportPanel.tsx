import { useState, type ChangeEvent, type FormEvent } from 'react';
import { WATCH_IMPORT_MAX_CHARS, type WatchImportResult } from '../../../shared/domain/watch.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { TextAreaField } from '../../components/Field.js';
import { fileTooLarge } from '../../components/file-object.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import { call, fieldMessage, type IpcError } from '../../ipc/client.js';
import { sentence } from '../inspect/model.js';
import { IMPORT_EXAMPLE } from './model.js';

/** Problems about the text as a whole, not the line they are filed under: said without "Line N". */
const ABOUT_THE_WHOLE: ReadonlySet<string> = new Set(['watch:import.nothing', 'watch:import.moreProblems']);

interface ImportPanelProps {
  /** Something was added (the list is read again); the panel stays to show what was skipped. */
  readonly onImported: (result: WatchImportResult) => void;
  readonly onClose: () => void;
}

/**
 * Many endpoints at once: pasted, or read from a file into the box (so what is imported is what is
 * seen). Main reads the lines; duplicates are skipped and every unreadable line is named by number.
 */
export function ImportPanel({ onImported, onClose }: ImportPanelProps) {
  const t = useT();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | string | null>(null);
  const [result, setResult] = useState<WatchImportResult | null>(null);

  async function readFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const tooLarge = fileTooLarge(file, WATCH_IMPORT_MAX_CHARS);
    if (tooLarge) {
      setError(tooLarge);
      return;
    }
    setText(await file.text());
    setError(null);
    setResult(null);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    const answer = await call('watch.import', { text });
    setBusy(false);
    if (!answer.ok) {
      setError(answer.error.code === 'INVALID_INPUT' ? fieldMessage(answer.error) : answer.error);
      return;
    }
    setResult(answer.value);
    if (answer.value.added.length > 0) onImported(answer.value);
  }

  return (
    <form className="card endpoint-form" onSubmit={(e) => void submit(e)} aria-labelledby="endpoint-import-title" noValidate>
      <h2 id="endpoint-import-title" className="section-title">
        {t('watch:view.import.title')}
      </h2>
      <TextAreaField
        id="endpoint-import-text"
        label={t('watch:view.import.text')}
        value={text}
        onValueChange={(v) => {
          setText(v);
          setResult(null);
        }}
        placeholder={IMPORT_EXAMPLE}
        hint={t('watch:view.import.hint')}
        rows={8}
        className="endpoint-import-text"
        autoFocus
      />
      {error ? <ErrorAlert error={error} title={t('watch:view.import.failed')} /> : null}
      {result ? <ImportOutcome result={result} /> : null}
      <div className="actions">
        <label className="btn btn-secondary file-button">
          <Icon name="stack" />
          <span>{t('watch:view.import.chooseFile')}</span>
          <input type="file" className="visually-hidden" accept=".txt,.csv,text/plain,text/csv" onChange={(e) => void readFile(e)} />
        </label>
        <Button variant="ghost" onClick={onClose} disabled={busy}>
          {t('watch:view.import.cancel')}
        </Button>
        <Button type="submit" variant="primary" busy={busy} disabled={text.trim() === ''}>
          {t('watch:view.import.submit')}
        </Button>
      </div>
    </form>
  );
}

/** What the import did: added, skipped as duplicates, and each unreadable line by its number. */
function ImportOutcome({ result }: { readonly result: WatchImportResult }) {
  const t = useT();
  return (
    <div className="endpoint-import-outcome">
      {result.problems.length > 0 ? (
        <div className="alert alert-error" role="alert">
          <Icon name="alert" />
          <div className="alert-body">
            <p className="alert-title">{t('watch:view.import.problems', { count: result.problems.length })}</p>
            <p>{t('watch:view.import.nothingAdded')}</p>
            <ul className="alert-list">
              {result.problems.map((p, i) => (
                <li key={`${p.line}:${i}`}>{ABOUT_THE_WHOLE.has(p.text.key) ? sentence(p.text) : t('watch:view.import.line', { line: p.line, text: sentence(p.text) })}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : (
        <Notice tone="success">
          <p>{t('watch:view.import.added', { count: result.added.length })}</p>
        </Notice>
      )}
      {result.duplicates.length > 0 ? (
        <Notice tone="info">
          <p className="alert-title">{t('watch:view.import.duplicates', { count: result.duplicates.length })}</p>
          <ul className="alert-list">
            {result.duplicates.map((d) => (
              <li key={d.line}>{t('watch:view.import.line', { line: d.line, text: d.target })}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
    </div>
  );
}
