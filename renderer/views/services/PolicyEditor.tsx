import { useDeferredValue, useMemo, useRef, useState, type Ref } from 'react';
import { Trans } from 'react-i18next';
import type { PolicyView } from '../../../shared/domain/service-identity.js';
import { parsePolicy, type PolicyProblem } from '../../../shared/domain/service-policy.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { wordOf } from '../../i18n/instance.js';
import { useT } from '../../i18n/use-t.js';
import { call, withoutField, type IpcError } from '../../ipc/client.js';
import { InlineConfirm } from './InlineConfirm.js';
import { isEmptyPolicy, lineColumnAt, offsetOf, starterPolicy, starterText } from './model.js';

interface PolicyEditorProps {
  readonly view: PolicyView;
  /** Services the vault has client certificates for (the starter example names them too). */
  readonly knownServices: readonly string[];
  /** main stored a new policy (saved or imported). */
  readonly onStored: (view: PolicyView) => void;
  /** The text being edited, for the views that depend on it. */
  readonly onDraftChange?: (dirty: boolean) => void;
}

/** Lines in the text (a final newline does not start one more). */
function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

/** Numbers beside the text, scrolled with it; lines with a problem in red. Past a few thousand lines, none. */
function LineNumbers({ ref, count, errorLines }: { readonly ref: Ref<HTMLDivElement>; readonly count: number; readonly errorLines: ReadonlySet<number> }) {
  const shown = count > 5000 ? 0 : count;
  return (
    <div ref={ref} className="svc-gutter" aria-hidden="true">
      {Array.from({ length: shown }, (_, i) => (
        <span key={i} className={errorLines.has(i + 1) ? 'is-error' : undefined}>
          {i + 1}
        </span>
      ))}
    </div>
  );
}

function Problems({ problems, onJump }: { readonly problems: readonly PolicyProblem[]; readonly onJump: (p: PolicyProblem) => void }) {
  const t = useT();
  return (
    <div className="svc-problems" aria-live="polite">
      <p className="svc-problems-title">
        <Icon name="alert" size={16} /> {t('services:policy.problems', { count: problems.length })}
      </p>
      <ul aria-label={t('services:policy.problemsLabel')}>
        {problems.slice(0, 50).map((p) => (
          <li key={`${p.line}:${p.column}:${p.message.key}`}>
            <button type="button" className="link svc-problem-at" onClick={() => onJump(p)}>
              {t('services:policy.at', { line: p.line, column: p.column })}
            </button>
            {t('services:policy.problem', { message: wordOf(p.message) })}
          </li>
        ))}
      </ul>
      {problems.length > 50 ? <p className="muted">{t('services:policy.more', { count: problems.length - 50 })}</p> : null}
    </div>
  );
}

/** service-policy.json as text: checked as you type with the parser main uses, saved, imported, exported. */
export function PolicyEditor({ view, knownServices, onStored, onDraftChange }: PolicyEditorProps) {
  const t = useT();
  const [draft, setDraftState] = useState(view.text);
  const [caret, setCaret] = useState({ line: 1, column: 1 });
  const [busy, setBusy] = useState<'save' | 'import' | 'export' | null>(null);
  const [error, setError] = useState<{ readonly title: string; readonly error: IpcError } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [confirmImport, setConfirmImport] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);

  // Parsed off the typing path: a large policy must not make each keystroke wait.
  const deferred = useDeferredValue(draft);
  const parsed = useMemo(() => parsePolicy(deferred), [deferred]);
  const dirty = draft !== view.text;
  const lineCount = useMemo(() => countLines(deferred), [deferred]);
  const errorLines = useMemo(() => new Set(parsed.ok ? [] : parsed.problems.map((p) => p.line)), [parsed]);

  function setDraft(text: string) {
    setDraftState(text);
    setMessage(null);
    onDraftChange?.(text !== view.text);
  }

  function trackCaret() {
    const el = area.current;
    if (el) setCaret(lineColumnAt(el.value, el.selectionStart));
  }

  function jump(p: PolicyProblem) {
    const el = area.current;
    if (!el) return;
    const at = offsetOf(el.value, p.line, p.column);
    el.focus();
    el.setSelectionRange(at, at);
    setCaret({ line: p.line, column: at - offsetOf(el.value, p.line, 1) + 1 });
  }

  function stored(next: PolicyView, words: string) {
    setDraftState(next.text);
    setCaret({ line: 1, column: 1 });
    onDraftChange?.(false);
    setMessage(words);
    onStored(next);
  }

  async function save() {
    setBusy('save');
    setError(null);
    setMessage(null);
    const result = await call('policy.save', { text: draft });
    setBusy(null);
    if (!result.ok) return setError({ title: t('services:policy.saveFailed'), error: withoutField(result.error) });
    stored(result.value, t('services:policy.saved', { count: result.value.services }));
  }

  async function importPolicy() {
    setConfirmImport(false);
    setBusy('import');
    setError(null);
    setMessage(null);
    const result = await call('policy.import', {});
    setBusy(null);
    if (!result.ok) return setError({ title: t('services:policy.importFailed'), error: withoutField(result.error) });
    if (result.value === null) return; // the dialog was closed
    stored(result.value, t('services:policy.imported', { count: result.value.services }));
  }

  async function exportPolicy() {
    setBusy('export');
    setError(null);
    setMessage(null);
    const result = await call('policy.export', {});
    setBusy(null);
    if (!result.ok) return setError({ title: t('services:policy.exportFailed'), error: result.error });
    if (!result.value.cancelled) setMessage(t('services:policy.exported', { paths: result.value.paths.join(', ') }));
  }

  const showStarter = view.services === 0 && isEmptyPolicy(draft);
  return (
    <section className="card svc-form svc-policy" aria-labelledby="policy-editor-title">
      <div className="svc-detail-head">
        <div>
          <h3 id="policy-editor-title" className="section-title">
            {'service-policy.json '}
            {dirty ? <span className="tag tag-soon">{t('services:policy.unsaved')}</span> : null}
          </h3>
          <p className="field-hint">
            <Trans t={t} i18nKey="services:policy.about" values={{ example: '"caller": { "calls": ["service:action"] }', field: '"tokenMinutes"' }} components={{ 1: <code />, 3: <code /> }} />
            {view.updatedAt ? t('services:policy.lastSaved', { time: formatDateTime(view.updatedAt) }) : t('services:policy.neverSaved')}
          </p>
        </div>
        <div className="button-row">
          <Button busy={busy === 'import'} disabled={busy !== null} onClick={() => (dirty ? setConfirmImport(true) : void importPolicy())}>
            {t('services:policy.import')}
          </Button>
          <Button busy={busy === 'export'} disabled={busy !== null} onClick={() => void exportPolicy()}>
            {t('services:policy.export')}
          </Button>
        </div>
      </div>
      {confirmImport ? (
        <InlineConfirm title={t('services:policy.importTitle')} confirmLabel={t('services:policy.import')} busy={false} onConfirm={() => void importPolicy()} onCancel={() => setConfirmImport(false)}>
          <p>{t('services:policy.importText')}</p>
        </InlineConfirm>
      ) : null}
      {showStarter ? (
        <Notice>
          <p className="alert-title">{t('services:policy.emptyTitle')}</p>
          <p>{starterText(knownServices)}</p>
          <Button onClick={() => setDraft(starterPolicy(knownServices))}>{t('services:policy.insertExample')}</Button>
        </Notice>
      ) : null}
      <div className={parsed.ok ? 'field' : 'field has-error'}>
        <label htmlFor="policy-text" className="field-label">
          {t('services:policy.text')}
        </label>
        <div className="svc-editor">
          <LineNumbers ref={gutter} count={lineCount} errorLines={errorLines} />
          <textarea
            ref={area}
            id="policy-text"
            className="input textarea svc-mono svc-policy-text"
            rows={Math.min(Math.max(lineCount + 1, 10), 28)}
            wrap="off"
            onScroll={(e) => {
              if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
            }}
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
              setCaret(lineColumnAt(e.target.value, e.target.selectionStart));
            }}
            onSelect={trackCaret}
            onKeyUp={trackCaret}
            onClick={trackCaret}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={parsed.ok ? undefined : true}
            aria-describedby="policy-caret policy-validity"
          />
        </div>
        <p id="policy-caret" className="field-hint svc-caret" aria-live="off">
          {t('services:policy.caret', { line: caret.line, column: caret.column })}
        </p>
      </div>
      <div id="policy-validity">
        {parsed.ok ? (
          <p className="svc-valid" role="status">
            <Icon name="check" size={16} /> {t('services:policy.valid', { count: Object.keys(parsed.policy.services).length })}
          </p>
        ) : (
          <Problems problems={parsed.problems} onJump={jump} />
        )}
      </div>
      {error ? <ErrorAlert error={error.error} title={error.title} /> : null}
      {message ? (
        <Notice tone="success">
          <p>{message}</p>
        </Notice>
      ) : null}
      <div className="actions">
        {dirty ? (
          <Button variant="ghost" disabled={busy !== null} onClick={() => setDraft(view.text)}>
            {t('services:policy.discard')}
          </Button>
        ) : null}
        <Button variant="primary" busy={busy === 'save'} disabled={!dirty || busy !== null} onClick={() => void save()}>
          {t('services:policy.save')}
        </Button>
      </div>
    </section>
  );
}
