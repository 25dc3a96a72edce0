import { useEffect, useId, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { Icon } from '../components/Icon.js';
import { CrlViewer } from './CrlViewer.js';
import { EndpointInspector } from './inspect/EndpointInspector.js';
import { FileInspector } from './inspect/FileInspector.js';
import { useFileInspection } from './inspect/useFileInspection.js';
import { PageHead } from './PageHead.js';

type Mode = 'file' | 'endpoint';

const MODES: ReadonlyArray<{ readonly id: Mode; readonly label: string }> = [
  { id: 'file', label: 'File or text' },
  { id: 'endpoint', label: 'Live endpoint' },
];

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

/**
 * Inspect anything and explain what is wrong with it: pasted PEM, a file (opened or dropped anywhere
 * on the view), or a live TLS endpoint; then the CRL viewer.
 */
export function InspectView() {
  const [mode, setMode] = useState<Mode>('file');
  const [endpointOpened, setEndpointOpened] = useState(false);
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const inspection = useFileInspection();
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
    choose(m.id);
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
      <PageHead id="inspect-title" eyebrow="Tools" title="Inspect" sub="Understand any certificate, key, bundle or endpoint you are handed — and what is wrong with it." />

      <div className="tabs inspect-tabs" role="tablist" aria-label="What to inspect">
        {MODES.map((m, i) => (
          <button
            key={m.id}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-${m.id}-tab`}
            aria-selected={mode === m.id}
            aria-controls={`${base}-${m.id}-panel`}
            tabIndex={mode === m.id ? 0 : -1}
            className={mode === m.id ? 'tab is-selected' : 'tab'}
            onClick={() => choose(m.id)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            <Icon name={m.id === 'file' ? 'certificate' : 'play'} size={16} />
            <span>{m.label}</span>
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
            <p className="inspect-drop-title">Drop the file to inspect it</p>
            <p className="muted">PEM, DER, PKCS#7, PKCS#12, keys, requests or CRLs — up to 10 MiB</p>
          </div>
        </div>
      ) : null}
    </section>
  );
}
