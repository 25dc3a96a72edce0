/**
 * Roots sign only CAs: before a leaf wizard (issue, mTLS pair, bulk, sign a CSR) sends a root as its
 * issuer, the user confirms in a modal that says why not to. Main refuses a root issuer without the
 * acknowledgement (ROOT_ISSUER_UNCONFIRMED), so a root the wizard did not know about (its list was
 * stale) gets the same question from that refusal.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { FROM_ROOT_ACK, ROOT_SIGNS_ONLY_CAS } from '../../../shared/domain/hierarchy.js';
import { useNavigation } from '../../app/navigation.js';
import { Button } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import type { Result } from '../../ipc/client.js';

export type FromRoot = { readonly fromRoot?: typeof FROM_ROOT_ACK };

interface Question {
  readonly rootName: string;
  /** "this certificate", "both certificates", "300 certificates". */
  readonly what: string;
  readonly rootId: string | null;
  readonly answer: (confirmed: boolean) => void;
}

function RootIssuerDialog({ question, onAnswer, onNewIntermediate }: { readonly question: Question; readonly onAnswer: (confirmed: boolean) => void; readonly onNewIntermediate: (() => void) | null }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="root-confirm"
      aria-labelledby="root-confirm-title"
      aria-describedby="root-confirm-why"
      onCancel={(event) => {
        event.preventDefault();
        onAnswer(false);
      }}
    >
      <div className="root-confirm-head">
        <Icon name="alert" />
        <h2 id="root-confirm-title">Sign {question.what} with the root {question.rootName}?</h2>
      </div>
      <p id="root-confirm-why">{ROOT_SIGNS_ONLY_CAS}</p>
      <p className="muted">Issue leaves from an intermediate under {question.rootName} instead; keep the root for signing CAs.</p>
      <div className="root-confirm-actions">
        {onNewIntermediate ? (
          <Button variant="primary" icon={<Icon name="plus" />} onClick={onNewIntermediate}>
            New intermediate under {question.rootName}
          </Button>
        ) : null}
        <Button variant="secondary" onClick={() => onAnswer(false)} autoFocus>
          Choose another CA
        </Button>
        <Button variant="ghost" onClick={() => onAnswer(true)}>
          Sign with the root anyway
        </Button>
      </div>
    </dialog>
  );
}

/**
 * `send(ack)` runs the wizard's call with (or without) the root acknowledgement. `confirmSend`
 * asks first when the issuer is known to be a root, and again when main refuses one; it resolves
 * to null when the user chose not to sign with the root. `dialog` is to be rendered by the wizard.
 */
export function useRootIssuerConfirm() {
  const nav = useNavigation();
  const [question, setQuestion] = useState<Question | null>(null);

  const ask = useCallback(
    (rootName: string, what: string, rootId: string | null) =>
      new Promise<boolean>((resolve) => {
        setQuestion({ rootName, what, rootId, answer: resolve });
      }),
    [],
  );

  const confirmSend = useCallback(
    async <T,>(issuer: { readonly name: string; readonly id: string | null; readonly isRoot: boolean }, what: string, send: (ack: FromRoot) => Promise<Result<T> | null>): Promise<Result<T> | null> => {
      if (issuer.isRoot && !(await ask(issuer.name, what, issuer.id))) return null;
      const first = await send(issuer.isRoot ? { fromRoot: FROM_ROOT_ACK } : {});
      if (!first || first.ok || first.error.code !== 'ROOT_ISSUER_UNCONFIRMED') return first;
      if (!(await ask(issuer.name, what, issuer.id))) return null;
      return send({ fromRoot: FROM_ROOT_ACK });
    },
    [ask],
  );

  const answer = (confirmed: boolean) => {
    question?.answer(confirmed);
    setQuestion(null);
  };
  const dialog = question ? (
    <RootIssuerDialog
      question={question}
      onAnswer={answer}
      onNewIntermediate={
        question.rootId
          ? () => {
              const rootId = question.rootId;
              answer(false);
              nav.open('new-intermediate', { authorityId: rootId ?? undefined });
            }
          : null
      }
    />
  ) : null;
  return { confirmSend, dialog };
}
