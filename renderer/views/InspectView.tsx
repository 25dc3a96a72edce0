import { useEffect, useId, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { Icon } from '../components/Icon.js';
import { useT } from '../i18n/use-t.js';
import { CrlViewer } from './CrlViewer.js';
import { EndpointInspector } from './inspect/EndpointInspector.js';
import { FileInspector } from './inspect/FileInspector.js';
import { useFileInspection } from './inspect/useFileInspection.js';
import { PageHead } from './PageHead.js';
import type { ClipboardHandoff } from '../app/shortcuts/clipboard.js';
import { ClipboardNotice } from '../app/shortcuts/ClipboardNotice.js';

type Mode = 'file' | 'endpoint';

const MODES: readonly Mode[] = ['file', 'endpoint'];

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

/**
 * Inspect anything and explain what is wrong with it: pasted PEM, a file (opened or dropped anywhere
 * on the view), or a live TLS endpoint; then the CRL viewer.
 */
/** `clipboard`: opened by Inspect clipboard (menu or shortcut) with the clipboard's text, or why there is none. */
export function InspectView({ clipboard }: { readonly clipboard?: ClipboardHandoff | undefined } = {}) {
  const t = useT();
  const [mode, setMode] = useState<Mode>('file');
  const [endpointOpened, setEndpointOpened] = useState(false);
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const inspection = useFileInspection();
  const { setText } = inspection;
  const handedText = clipboard && 'text' in clipboard ? clipboard.text : null;
  useEffect(() => {
    if (handedText !== null) setText(handedText);
  }, [handedText, setText]);
  const base = useId();
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);

  // A file dropped next to the drop zone must not make the window navigate to it.
  useEffect(() => {
    const stop = (e: globalThis.DragEvent) => {
      if (Array.from(e.dataTransfer?.types ?? []).includes('Files')) e.preventDefault();
    };
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, []);

  function choose(next: Mode) {
    setMode(next);
    if (next === 'endpoint') setEndpointOpened(true);
  }

  function onTabKey(e: KeyboardEvent, index: number) {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = (index + step + MODES.length) % MODES.length;
    const m = MODES[next];
    if (!m) return;
    choose(m);
    tabs.current[next]?.focus();
  }

  const dragHandlers = {
    onDragEnter: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current += 1;
      setDragging(true);
    },
    onDragOver: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      if (!dragging) setDragging(true);
    },
    onDragLeave: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    },
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      depth.current = 0;
      setDragging(false);
      const file = e.dataTransfer?.files?.[0];
      if (!file) return;
      choose('file');
      void inspection.loadFile(file);
    },
  };

  return (
    <section className={dragging ? 'view inspect-view is-dragging' : 'view inspect-view'} aria-labelledby="inspect-title" {...dragHandlers}>
      <PageHead id="inspect-title" eyebrow={t('inspect:view.eyebrow')} title={t('inspect:view.title')} sub={t('inspect:view.sub')} />
      <ClipboardNotice handoff={clipboard} />

      <div className="tabs inspect-tabs" role="tablist" aria-label={t('inspect:view.modes')}>
        {MODES.map((m, i) => (
          <button
            key={m}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-${m}-tab`}
            aria-selected={mode === m}
            aria-controls={`${base}-${m}-panel`}
            tabIndex={mode === m ? 0 : -1}
            className={mode === m ? 'tab is-selected' : 'tab'}
            onClick={() => choose(m)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            <Icon name={m === 'file' ? 'certificate' : 'play'} size={16} />
            <span>{m === 'file' ? t('inspect:view.modeFile') : t('inspect:view.modeEndpoint')}</span>
          </button>
        ))}
      </div>

      <div id={`${base}-file-panel`} role="tabpanel" aria-labelledby={`${base}-file-tab`} hidden={mode !== 'file'}>
        <FileInspector inspection={inspection} />
      </div>
      <div id={`${base}-endpoint-panel`} role="tabpanel" aria-labelledby={`${base}-endpoint-tab`} hidden={mode !== 'endpoint'}>
        {endpointOpened ? <EndpointInspector /> : null}
      </div>

      <CrlViewer />

      {dragging ? (
        <div className="inspect-drop-overlay" aria-hidden="true">
          <div className="inspect-drop-card">
            <Icon name="download" size={28} />
            <p className="inspect-drop-title">{t('inspect:view.dropTitle')}</p>
            <p className="muted">{t('inspect:view.dropHint')}</p>
          </div>
        </div>
      ) : null}
    </section>
  );
}
