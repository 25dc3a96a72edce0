import { useEffect, useMemo, useRef, useState } from 'react';
import { WATCH_INTERVAL_MINUTES, type EndpointStatus, type WatchRunResult } from '../../../shared/domain/watch.js';
import type { Flash } from '../../app/navigation.js';
import { useList } from '../../app/useLoad.js';
import { ErrorAlert, FlashNotice, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { EmptyState } from '../../components/EmptyState.js';
import { FilterBox } from '../../components/FilterBox.js';
import { Icon } from '../../components/Icon.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { useT } from '../../i18n/use-t.js';
import { call, type IpcError } from '../../ipc/client.js';
import { useCancel } from '../../wizards/shared/useCancel.js';
import { useOperation, type Progress } from '../../wizards/shared/useOperation.js';
import { LoadStatus } from '../LoadStatus.js';
import { PageHead } from '../PageHead.js';
import { EndpointDetail } from './EndpointDetail.js';
import { EndpointForm } from './EndpointForm.js';
import { EndpointTable } from './EndpointTable.js';
import { ImportPanel } from './ImportPanel.js';
import { DEFAULT_ENDPOINT_SORT, filterEndpoints, healthCounts, IMPORT_EXAMPLE, sortEndpoints, type EndpointSort } from './model.js';
import { useCertificateNames } from './useChoices.js';

type Panel = { readonly kind: 'none' } | { readonly kind: 'add' } | { readonly kind: 'edit'; readonly status: EndpointStatus } | { readonly kind: 'import' };

/** What one probe round was for: the whole list, or the one endpoint open in the detail. */
type Round = { readonly ids: readonly string[]; readonly result: WatchRunResult | null; readonly error: IpcError | null };

interface EndpointsViewProps {
  /** The endpoint to open (the dashboard's Deployed panel names one). */
  readonly select?: string | undefined;
  readonly flash?: Flash | undefined;
}

/**
 * Endpoints (issue 19): what servers actually serve, probed on a schedule and compared with the
 * vault — the list with each one's health, one endpoint's findings and history, add, edit, import,
 * remove, and Probe now with a progress bar and Cancel.
 */
export function EndpointsView({ select, flash }: EndpointsViewProps) {
  const t = useT();
  const { load, refresh } = useList('watch.list');
  const settings = useList('settings.get');
  const settingMinutes = settings.load.state === 'ready' ? settings.load.value.watch.intervalMinutes : WATCH_INTERVAL_MINUTES.default;
  const [selected, setSelected] = useState<string | null>(select ?? null);
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<EndpointSort>(DEFAULT_ENDPOINT_SORT);
  const [notice, setNotice] = useState<Flash | null>(flash ?? null);
  const [removing, setRemoving] = useState<EndpointStatus | null>(null);
  const [removeBusy, setRemoveBusy] = useState(false);
  const [removeError, setRemoveError] = useState<IpcError | null>(null);
  const [round, setRound] = useState<Round | null>(null);
  // Counts up after every probe and edit: the open endpoint's history is read again.
  const [reload, setReload] = useState(0);
  const [now, setNow] = useState(() => new Date());
  const starting = useMemo<Progress>(() => ({ step: t('watch:view.run.starting'), done: 0, total: 1 }), [t]);
  const operation = useOperation(starting);
  const cancel = useCancel();
  const detailRef = useRef<HTMLDivElement>(null);

  const rows = load.state === 'ready' ? load.value : null;
  const shown = useMemo(() => (rows ? sortEndpoints(filterEndpoints(rows, query), sort) : []), [rows, query, sort]);
  const open = rows?.find((s) => s.endpoint.id === selected) ?? null;
  const names = useCertificateNames(open ? [open.endpoint.clientCertificateId, open.endpoint.expect?.kind === 'certificate' ? open.endpoint.expect.certificateId : null].filter((id): id is string => id !== null) : []);
  const counts = rows ? healthCounts(rows) : null;

  // While the view is open the app's schedule keeps probing (and main sends no event for it): the
  // list, the open history and the "in N days" are read again every minute.
  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(new Date());
      setReload((r) => r + 1);
      void refresh();
    }, 60_000);
    return () => window.clearInterval(timer);
  }, [refresh]);

  // A row opened from the list (or handed over by the dashboard) scrolls its detail into view.
  const hasOpen = open !== null;
  useEffect(() => {
    if (selected && hasOpen) detailRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected, hasOpen]);

  async function probe(ids: readonly string[]) {
    setNotice(null);
    setRound({ ids, result: null, error: null });
    const result = await operation.run((operationId) => {
      cancel.started(operationId);
      return call('watch.run', { ids: [...ids], operationId });
    });
    cancel.finished();
    if (!result) return;
    setRound({ ids, result: result.ok ? result.value : null, error: result.ok ? null : result.error });
    setNow(new Date());
    setReload((r) => r + 1);
    await refresh();
  }

  async function remove(target: EndpointStatus) {
    setRemoveBusy(true);
    setRemoveError(null);
    const result = await call('watch.remove', { ids: [target.endpoint.id] });
    setRemoveBusy(false);
    if (!result.ok) {
      setRemoveError(result.error);
      return;
    }
    setRemoving(null);
    if (selected === target.endpoint.id) setSelected(null);
    setNotice({ message: t('watch:view.detail.removed', { target: target.target }) });
    await refresh();
  }

  function saved(status: EndpointStatus, added: boolean) {
    setPanel({ kind: 'none' });
    setSelected(status.endpoint.id);
    setNotice({ message: added ? t('watch:view.form.added', { target: status.target }) : t('watch:view.form.saved', { target: status.target }) });
    setReload((r) => r + 1);
    void refresh();
  }

  const running = operation.running;
  const wholeRound = round !== null && round.ids.length === 0;
  const actions = (
    <div className="button-row">
      <Button icon={<Icon name="stack" />} onClick={() => setPanel({ kind: 'import' })} disabled={panel.kind === 'import'}>
        {t('watch:view.importList')}
      </Button>
      {rows && rows.length > 0 ? (
        <Button icon={<Icon name="play" />} busy={running && wholeRound} disabled={running} onClick={() => void probe([])}>
          {t('watch:view.probeAll')}
        </Button>
      ) : null}
      <Button variant="primary" icon={<Icon name="plus" />} onClick={() => setPanel({ kind: 'add' })} disabled={panel.kind === 'add'}>
        {t('watch:view.add')}
      </Button>
    </div>
  );

  return (
    <section className="view view-wide" aria-labelledby="endpoints-title">
      <PageHead
        id="endpoints-title"
        eyebrow={t('watch:view.eyebrow')}
        title={t('watch:view.title')}
        sub={
          rows && rows.length > 0 && counts ? (
            <span className="list-summary">
              <span className="table-count" role="status">
                {t('watch:view.summaryLine', { summary: t('watch:view.summary', { count: rows.length }), tally: t('watch:view.tally', counts) })}
              </span>
            </span>
          ) : (
            t('watch:view.sub')
          )
        }
        action={actions}
      />
      {notice ? <FlashNotice {...notice} /> : null}

      {running ? (
        <div className="endpoint-run">
          <ProgressBar label={t('watch:view.run.label')} step={operation.progress.step} done={operation.progress.done} total={operation.progress.total} />
          {cancel.cancelling ? <Notice tone="warning">{t('watch:view.run.cancelling')}</Notice> : null}
          {cancel.error ? <ErrorAlert error={cancel.error} title={t('watch:view.run.notCancelled')} /> : null}
          <div className="actions">
            <Button variant="danger" busy={cancel.cancelling} onClick={() => void cancel.cancel()}>
              {t('watch:view.run.cancel')}
            </Button>
          </div>
        </div>
      ) : null}
      {!running && round?.error && wholeRound ? <ErrorAlert error={round.error} title={t('watch:view.run.failed')} /> : null}
      {!running && round?.result && wholeRound ? (
        <Notice tone={round.result.cancelled ? 'warning' : 'info'}>
          <p>{round.result.cancelled ? t('watch:view.run.cancelled') : `${t('watch:view.run.done', { count: round.result.statuses.length })} ${t('watch:view.tally', healthCounts(round.result.statuses))}`}</p>
        </Notice>
      ) : null}

      {panel.kind === 'add' ? <EndpointForm settingMinutes={settingMinutes} onDone={(s) => saved(s, true)} onCancel={() => setPanel({ kind: 'none' })} /> : null}
      {panel.kind === 'edit' ? <EndpointForm key={panel.status.endpoint.id} editing={panel.status} settingMinutes={settingMinutes} onDone={(s) => saved(s, false)} onCancel={() => setPanel({ kind: 'none' })} /> : null}
      {panel.kind === 'import' ? (
        <ImportPanel
          onImported={(result) => {
            setReload((r) => r + 1);
            void refresh();
            if (result.added.length === 1 && result.added[0]) setSelected(result.added[0].endpoint.id);
          }}
          onClose={() => setPanel({ kind: 'none' })}
        />
      ) : null}

      <LoadStatus load={load} failedTitle={t('watch:view.loadFailed')} onRetry={() => void refresh()} />

      {rows && rows.length === 0 && panel.kind === 'none' ? <Empty onAdd={() => setPanel({ kind: 'add' })} onImport={() => setPanel({ kind: 'import' })} /> : null}

      {rows && rows.length > 0 ? (
        <>
          <div className="table-toolbar">
            <div className="table-tools" role="search">
              <FilterBox id="endpoint-filter" label={t('watch:view.table.filterLabel')} placeholder={t('watch:view.table.filterPlaceholder')} value={query} onChange={setQuery} maxLength={200} />
              {query.trim() !== '' ? (
                <span className="muted" role="status">
                  {t('watch:view.table.shown', { shown: shown.length, total: rows.length })}
                </span>
              ) : null}
            </div>
          </div>
          {shown.length > 0 ? <EndpointTable rows={shown} sort={sort} onSort={setSort} selected={selected} onOpen={setSelected} now={now} /> : <p className="table-empty muted card">{t('watch:view.table.noMatch')}</p>}
          {open ? (
            <div ref={detailRef} className="detail-pane card">
              <EndpointDetail
                key={open.endpoint.id}
                status={open}
                reload={reload}
                settingMinutes={settingMinutes}
                names={names}
                probing={running && round?.ids.length === 1 && round.ids[0] === open.endpoint.id}
                probeError={!running && round?.error && round.ids.length === 1 && round.ids[0] === open.endpoint.id ? round.error : null}
                onProbe={() => void probe([open.endpoint.id])}
                onEdit={() => setPanel({ kind: 'edit', status: open })}
                onRemove={() => {
                  setRemoveError(null);
                  setRemoving(open);
                }}
                onClose={() => setSelected(null)}
              />
            </div>
          ) : null}
        </>
      ) : null}

      {removing ? (
        <Dialog role="alertdialog" icon={<Icon name="alert" />} title={t('watch:view.detail.removeTitle', { target: removing.target })} describedBy="endpoint-remove-why" onClose={removeBusy ? null : () => setRemoving(null)}>
          <p id="endpoint-remove-why">{t('watch:view.detail.removeBody')}</p>
          {removeError ? <ErrorAlert error={removeError} title={t('watch:view.detail.removeFailed')} /> : null}
          <div className="dialog-actions">
            <Button variant="secondary" onClick={() => setRemoving(null)} disabled={removeBusy} data-autofocus>
              {t('watch:view.detail.keep')}
            </Button>
            <Button variant="danger" busy={removeBusy} onClick={() => void remove(removing)}>
              {t('watch:view.detail.removeConfirm')}
            </Button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}

/** Nothing watched yet: what watching catches, how to add the first endpoint, what an import looks like. */
function Empty({ onAdd, onImport }: { readonly onAdd: () => void; readonly onImport: () => void }) {
  const t = useT();
  return (
    <EmptyState
      icon="eye"
      title={t('watch:view.empty.title')}
      action={
        <div className="button-row">
          <Button variant="primary" icon={<Icon name="plus" />} onClick={onAdd}>
            {t('watch:view.empty.addFirst')}
          </Button>
          <Button icon={<Icon name="stack" />} onClick={onImport}>
            {t('watch:view.importList')}
          </Button>
        </div>
      }
    >
      <p>{t('watch:view.empty.body')}</p>
      <ul className="endpoint-catches">
        <li>{t('watch:view.empty.renewed')}</li>
        <li>{t('watch:view.empty.expiry')}</li>
        <li>{t('watch:view.empty.chain')}</li>
        <li>{t('watch:view.empty.down')}</li>
      </ul>
      <p className="muted">{t('watch:view.empty.importHint')}</p>
      <pre className="endpoint-import-example" translate="no">
        {IMPORT_EXAMPLE}
      </pre>
    </EmptyState>
  );
}
