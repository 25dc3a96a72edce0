import { useRef, useState } from 'react';
import type { AsnNode, AsnTree } from '../../../shared/domain/inspect.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { call, type IpcError } from '../../ipc/client.js';
import { useT } from '../../i18n/use-t.js';
import type { InspectContent } from './model.js';

/** Levels open when the tree is first shown; deeper ones are one click away. */
const OPEN_DEPTH = 2;

function NodeLine({ node }: { readonly node: AsnNode }) {
  const t = useT();
  const position = { offset: node.offset, length: node.length };
  return (
    <>
      <span className="asn-tag">{node.tag}</span>
      {node.value !== null ? <span className="asn-value">{node.value}</span> : null}
      <span className="asn-pos">{node.children.length > 0 ? t('inspect:asn.positionChildren', { ...position, count: node.children.length }) : t('inspect:asn.position', position)}</span>
    </>
  );
}

function AsnNodeItem({ node, depth }: { readonly node: AsnNode; readonly depth: number }) {
  if (node.children.length === 0) {
    return (
      <li className="asn-node asn-leaf">
        <NodeLine node={node} />
      </li>
    );
  }
  return (
    <li className="asn-node">
      <details open={depth < OPEN_DEPTH}>
        <summary>
          <NodeLine node={node} />
        </summary>
        <ul className="asn-children">
          {node.children.map((child, i) => (
            <AsnNodeItem key={`${child.offset}-${i}`} node={child} depth={depth + 1} />
          ))}
        </ul>
      </details>
    </li>
  );
}

/** The raw ASN.1 tree of one object, as nested collapsible nodes. */
export function AsnTreeView({ tree, label }: { readonly tree: AsnTree; readonly label: string }) {
  const t = useT();
  return (
    <div className="asn">
      {tree.truncated ? <Notice tone="warning">{t('inspect:asn.truncated')}</Notice> : null}
      <ul className="asn-tree" aria-label={label}>
        <AsnNodeItem node={tree.root} depth={0} />
      </ul>
    </div>
  );
}

type TreeLoad = { readonly state: 'idle' } | { readonly state: 'loading' } | { readonly state: 'failed'; readonly error: IpcError } | { readonly state: 'ready'; readonly tree: AsnTree | null };

interface AsnDisclosureProps {
  /** The input the report was made from (with its password, if one opened it). */
  readonly source: (InspectContent & { readonly password: string | null }) | null;
  readonly objectIndex: number;
  /** "drop.example" — names the tree for assistive technology. */
  readonly name: string;
}

/** "Show ASN.1": the tree is fetched from main the first time it is opened, not before. */
export function AsnDisclosure({ source, objectIndex, name }: AsnDisclosureProps) {
  const t = useT();
  const [load, setLoad] = useState<TreeLoad>({ state: 'idle' });
  const requested = useRef(false);

  async function fetchTree() {
    if (!source || requested.current) return;
    requested.current = true;
    setLoad({ state: 'loading' });
    const result = await call('inspect.asn1', { content: source.content, encoding: source.encoding, password: source.password, objectIndex });
    if (result.ok) setLoad({ state: 'ready', tree: result.value });
    else {
      requested.current = false;
      setLoad({ state: 'failed', error: result.error });
    }
  }

  if (!source) return null;
  return (
    <details className="inspect-disclosure" onToggle={(e) => (e.currentTarget.open ? void fetchTree() : undefined)}>
      <summary>{t('inspect:asn.show')}</summary>
      <div className="inspect-disclosure-body">
        {load.state === 'loading' ? (
          <p className="muted" role="status">
            <span className="spinner" aria-hidden="true" /> {t('inspect:asn.loading')}
          </p>
        ) : null}
        {load.state === 'failed' ? <ErrorAlert error={load.error} title={t('inspect:asn.failed')} /> : null}
        {load.state === 'ready' ? load.tree ? <AsnTreeView tree={load.tree} label={t('inspect:asn.of', { name })} /> : <p className="muted">{t('inspect:asn.none')}</p> : null}
      </div>
    </details>
  );
}
