/** The authority settings editor as pure data: the draft, its validation with main's schema, the input. */
import type { AuthoritySettings } from '../../shared/domain/authority.js';
import { AuthoritySettingsInput, type Input } from '../../shared/ipc/contract.js';
import { t } from '../i18n/instance.js';
import { addSchemaErrors, isWholeNumber, parseWholeNumber } from '../wizards/shared/form.js';

export const SETTINGS_FIELDS = ['defaultValidityDays', 'crlUrl', 'ocspUrl', 'caIssuersUrl', 'crlNextUpdateDays'] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];
export type SettingsDraft = Readonly<Record<SettingsField, string>>;

export function settingsDraft(settings: AuthoritySettings): SettingsDraft {
  return {
    defaultValidityDays: String(settings.defaultValidityDays),
    crlUrl: settings.crlUrl ?? '',
    ocspUrl: settings.ocspUrl ?? '',
    caIssuersUrl: settings.caIssuersUrl ?? '',
    crlNextUpdateDays: String(settings.crlNextUpdateDays),
  };
}

export function settingsInput(draft: SettingsDraft): Input<'authority.updateSettings'>['settings'] {
  return {
    defaultValidityDays: parseWholeNumber(draft.defaultValidityDays),
    crlUrl: draft.crlUrl,
    ocspUrl: draft.ocspUrl,
    caIssuersUrl: draft.caIssuersUrl,
    crlNextUpdateDays: parseWholeNumber(draft.crlNextUpdateDays),
  };
}

export function isSettingsField(name: string): name is SettingsField {
  return (SETTINGS_FIELDS as readonly string[]).includes(name);
}

/** `settings.crlUrl` (main's INVALID_INPUT field) → `crlUrl`. */
export function settingsFieldFromPath(path: string): SettingsField | undefined {
  const last = path.split('.').pop() ?? '';
  return isSettingsField(last) ? last : undefined;
}

export function settingsErrors(draft: SettingsDraft): Partial<Record<SettingsField, string>> {
  const errors: Partial<Record<SettingsField, string>> = {};
  if (!isWholeNumber(draft.defaultValidityDays)) {
    errors.defaultValidityDays = draft.defaultValidityDays.trim() === '' ? t('authorities:settings.validityMissing') : t('authorities:settings.validityWhole');
  }
  if (!isWholeNumber(draft.crlNextUpdateDays)) {
    errors.crlNextUpdateDays = draft.crlNextUpdateDays.trim() === '' ? t('authorities:settings.crlDaysMissing') : t('authorities:settings.crlDaysWhole');
  }
  addSchemaErrors(errors, AuthoritySettingsInput.safeParse(settingsInput(draft)), settingsFieldFromPath);
  return errors;
}

export function sameSettings(draft: SettingsDraft, settings: AuthoritySettings): boolean {
  const saved = settingsDraft(settings);
  return SETTINGS_FIELDS.every((f) => draft[f].trim() === saved[f].trim());
}
