import { useState } from 'react';
import type { Language, LanguageChoice } from '../../../shared/i18n/languages.js';
import { LANGUAGE_NAMES, LANGUAGES } from '../../../shared/i18n/languages.js';
import { ErrorAlert } from '../../components/Alert.js';
import { ChoiceGroup, type Choice } from '../../components/ChoiceGroup.js';
import { useLanguage } from '../../i18n/language.js';
import { useT } from '../../i18n/use-t.js';

/** A language's own name, marked as that language for assistive technology ("简体中文" read as Chinese). */
function OwnName({ language }: { readonly language: Language }) {
  return (
    <span lang={language} translate="no">
      {LANGUAGE_NAMES[language]}
    </span>
  );
}

/**
 * The window's language: the OS's (named, so "System" says what it means here), English or Simplified
 * Chinese. Choosing applies at once, without a restart; main keeps the choice for the next start.
 */
export function LanguageCard() {
  const t = useT();
  // The OS's language comes with the preferences the window already holds: no second read.
  const { choice, language: speaking, systemLanguage: system, choose } = useLanguage();
  const [pending, setPending] = useState<LanguageChoice | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function pick(next: LanguageChoice) {
    setPending(next);
    setError(null);
    const failed = await choose(next);
    setPending(null);
    if (failed !== null) setError(failed);
  }

  // Each language's name in the window's language, under its own name (not twice when the window speaks it).
  const inWindowLanguage: Readonly<Record<Language, string>> = { en: t('settings:language.english'), 'zh-CN': t('settings:language.chinese') };
  const choices: ReadonlyArray<Choice<LanguageChoice>> = [
    { value: 'system', title: t('settings:language.system'), hint: system ? t('settings:language.systemHint', { language: LANGUAGE_NAMES[system] }) : '' },
    ...LANGUAGES.map((language) => ({ value: language, title: <OwnName language={language} />, hint: language === speaking ? '' : inWindowLanguage[language] })),
  ];

  return (
    <section className="card settings-card settings-form-card" aria-labelledby="language-title">
      <div>
        <h2 id="language-title" className="settings-title">
          {t('settings:language.title')}
        </h2>
        <p className="muted">{t('settings:language.lead')}</p>
      </div>
      <ChoiceGroup name="language" legend={t('settings:language.legend')} value={pending ?? choice} choices={choices} onChange={(next) => void pick(next)} layout="choices-3" />
      {error ? <ErrorAlert error={error} title={t('settings:language.failed')} /> : null}
    </section>
  );
}
