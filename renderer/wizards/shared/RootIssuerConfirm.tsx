/**
 * Roots sign only CAs: before a leaf wizard (issue, mTLS pair, bulk, sign a CSR) sends a root as its
 * issuer, the user confirms in a modal that says why not to. Main refuses a root issuer without the
 * acknowledgement (ROOT_ISSUER_UNCONFIRMED), so a root the wizard did not know about (its list was
 * stale) gets the same question from that refusal.
 */
import { useCallback, useState } from 'react';
import { FROM_ROOT_ACK } from '../../../shared/domain/hierarchy.js';
import { useNavigation } from '../../app/navigation.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import type { Result } from '../../ipc/client.js';

export type FromRoot = { readonly fromRoot?: typeof FROM_ROOT_ACK };

interface Question {
  readonly rootName: string;
  /** "this certificate", "both certificates", "300 certificates", in the window's language. */
  readonly what: string;
  readonly rootId: string | null;
  readonly answer: (confirmed: boolean) => void;
}

function RootIssuerDialog({ question, onAnswer, onNewIntermediate }: { readonly question: Question; readonly onAnswer: (confirmed: boolean) => void; readonly onNewIntermediate: (() => void) | null }) {
  const t = useT();
  // The shared Dialog traps focus, answers Escape with "no" and returns focus to what opened it.
  return (
    <Dialog
      role="alertdialog"
      headClassName="root-confirm-head"
      icon={<Icon name="alert" />}
      title={t('wizard:rootConfirm.title', { what: question.what, root: question.rootName })}
      describedBy="root-confirm-why"
      onClose={() => onAnswer(false)}
    >
      <p id="root-confirm-why">{t('wizard:rootConfirm.why')}</p>
      <p className="muted">{t('wizard:rootConfirm.instead', { root: question.rootName })}</p>
      <div className="dialog-actions">
        {onNewIntermediate ? (
          <Button variant="primary" icon={<Icon name="plus" />} onClick={onNewIntermediate}>
            {t('wizard:rootConfirm.newIntermediate', { root: question.rootName })}
          </Button>
        ) : null}
        <Button variant="secondary" onClick={() => onAnswer(false)} data-autofocus>
          {t('wizard:rootConfirm.chooseAnother')}
        </Button>
        <Button variant="ghost" onClick={() => onAnswer(true)}>
          {t('wizard:rootConfirm.signAnyway')}
        </Button>
      </div>
    </Dialog>
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
