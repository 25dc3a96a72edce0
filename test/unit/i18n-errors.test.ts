/**
 * Errors reach the window translated, the CLI in English (issue 18): a domain error from a real
 * service call and an input refusal from a real contract schema cross IPC as a reason (a catalog key
 * and its parameters) whose English is exactly the message, and which the window words in Chinese;
 * the CLI prints the same English, whatever the system's language.
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fieldReason, type IpcError } from '../../shared/errors.js';
import { english } from '../../shared/i18n/english.js';
import { createI18n, wordMsg } from '../../shared/i18n/i18n.js';
import { SubjectInput } from '../../shared/validation/subject.js';
import { checkDnsName } from '../../shared/validation/san.js';
import { errorText, fieldErrorText } from '../../renderer/i18n/error-text.js';
import { i18n as windowI18n, wordOf } from '../../renderer/i18n/instance.js';
import { zodSpeaks } from '../../renderer/zod-config.js';
import { openBackend, TRUSTED_CALLER } from '../support/backend.js';
import { bundleCli, runCli } from '../support/cli-bundle.js';
import { tempDir } from '../support/temp.js';
import { cheapVault } from '../support/vault-fixtures.js';

const CJK = /[\u4e00-\u9fff]/;
// Made at the file's top: tempDir's cleanup runs when the file ends (inside a hook it would run after the hook).
const ROOT = await tempDir('certwright-i18n-errors-');
const zh = createI18n('zh-CN');

/** The window's words for an error in zh-CN, as ErrorAlert shows them. */
async function inChinese<T>(show: () => T): Promise<T> {
  await windowI18n.changeLanguage('zh-CN');
  zodSpeaks('zh-CN', wordOf);
  try {
    return show();
  } finally {
    await windowI18n.changeLanguage('en');
    zodSpeaks('en', wordOf);
  }
}

async function refusal(backend: ReturnType<typeof openBackend>, channel: Parameters<typeof backend.router.invoke>[0], input: unknown): Promise<IpcError> {
  const result = await backend.router.invoke(channel, input, TRUSTED_CALLER);
  assert.ok(!result.ok, `${channel} should have been refused`);
  return result.error;
}

describe('errors in the window’s language', () => {
  let directory = '';
  let backend: ReturnType<typeof openBackend>;

  before(async () => {
    directory = join(ROOT, 'window');
    await mkdir(directory, { mode: 0o700 });
    (await cheapVault(directory)).lock();
    backend = openBackend(directory);
  });

  test('a wrong passphrase (a real unlock) carries a reason whose English is the message and whose Chinese is Chinese', async () => {
    const error = await refusal(backend, 'vault.unlock', { passphrase: 'wrong wrong wrong' });
    assert.equal(error.code, 'WRONG_PASSPHRASE');
    assert.equal(error.message, 'That passphrase is not correct; the vault stays locked');
    assert.ok(error.reason, 'the refusal carries its reason as data');
    assert.equal(english(error.reason), error.message);
    const chinese = wordMsg(zh, error.reason);
    assert.match(chinese, CJK);
    assert.doesNotMatch(chinese, /passphrase/i);
    assert.equal(await inChinese(() => errorText(error)), chinese);
    assert.equal(errorText(error), error.message, 'an English window shows the same English');
  });

  test('a lookup of an id the vault does not hold: NOT_FOUND, worded in Chinese', async () => {
    await backend.call('vault.unlock', { passphrase: 'vault fixture passphrase' });
    try {
      const error = await refusal(backend, 'authority.get', { id: '0'.repeat(32) });
      assert.equal(error.code, 'NOT_FOUND');
      assert.equal(error.message, 'No such authority in this vault');
      assert.equal(english(error.reason!), error.message);
      assert.equal(await inChinese(() => errorText(error)), '此保险库中没有该颁发机构');
    } finally {
      await backend.call('vault.lock', {});
    }
  });

  test('validityDays: 0 on a channel: the schema’s own message, English in main, Chinese in the window', async () => {
    const error = await refusal(backend, 'authority.createRoot', { subject: { commonName: 'Root' }, validityDays: 0 });
    assert.equal(error.code, 'INVALID_INPUT');
    assert.equal(error.details?.field, 'validityDays');
    assert.equal(error.message, 'validityDays: Validity must be at least 1 day');
    assert.ok(error.reason);
    assert.equal(english(error.reason), error.message);
    assert.equal(english(fieldReason(error.reason)!), 'Validity must be at least 1 day');
    const [whole, beside] = await inChinese(() => [errorText(error), fieldErrorText(error)]);
    assert.match(whole, /^validityDays：.*有效期.*1/);
    assert.match(beside, /^有效期至少 1 天$/);
    assert.equal(fieldErrorText(error), 'Validity must be at least 1 day');
  });

  test('zod’s own message (a wrong type) is worded again through zod’s locale in the window', async () => {
    const error = await refusal(backend, 'authority.createRoot', { subject: { commonName: 'Root' }, validityDays: 'ten' });
    assert.equal(error.message, 'validityDays: Invalid input: expected number, received string');
    assert.equal(english(error.reason!), error.message);
    const whole = await inChinese(() => errorText(error));
    assert.match(whole, /^validityDays：无效输入/);
    assert.match(whole, CJK);
  });

  test('an unexpected field and the size limit are worded too', async () => {
    const stray = await refusal(backend, 'vault.unlock', { passphrase: 'x', extra: 1 });
    assert.equal(stray.message, 'Unexpected field "extra"');
    assert.match(await inChinese(() => errorText(stray)), /^未知字段 "extra"$/);
    const huge = await refusal(backend, 'vault.unlock', { passphrase: 'x'.repeat(2 * 1024 * 1024) });
    assert.equal(huge.message, 'The input is too large');
    assert.match(await inChinese(() => errorText(huge)), CJK);
  });

  test('an error without a reason shows its English in an English window and its code’s text in any other', async () => {
    const old: IpcError = { code: 'VAULT_LOCKED', message: 'The vault is locked; unlock it first' };
    assert.equal(errorText(old), old.message);
    assert.match(await inChinese(() => errorText(old)), CJK);
  });

  test('the window’s own checks speak its language: a schema and a SAN check', async () => {
    const english = SubjectInput.safeParse({ commonName: '' });
    assert.equal(english.success ? '' : english.error.issues[0]!.message, 'Common name is required');
    const [schema, san] = await inChinese(() => {
      const parsed = SubjectInput.safeParse({ commonName: '' });
      const check = checkDnsName('a..example.com');
      return [parsed.success ? '' : parsed.error.issues[0]!.message, check.ok ? '' : check.message];
    });
    assert.equal(schema, '通用名称为必填项');
    assert.match(san, CJK);
    const back = checkDnsName('a..example.com');
    assert.equal(back.ok ? '' : back.message, 'A DNS name cannot have an empty label (two dots in a row)');
  });
});

describe('the CLI stays English', { timeout: 120_000 }, () => {
  let entry = '';
  let dispose = async () => undefined as void;
  before(async () => ({ entry, dispose } = await bundleCli()));
  after(() => dispose());

  test('a wrong passphrase is refused in English, on a Chinese system too', async () => {
    const dir = ROOT;
    const vault = join(dir, 'cli');
    await mkdir(vault, { mode: 0o700 });
    (await cheapVault(vault)).lock();
    const passFile = join(dir, 'pass.txt');
    await writeFile(passFile, 'wrong wrong wrong\n', { mode: 0o600 });
    await chmod(passFile, 0o600);
    const run = await runCli(entry, ['--vault', vault, '--passphrase-file', passFile, 'list'], { env: { LANG: 'zh_CN.UTF-8', LC_ALL: 'zh_CN.UTF-8', LANGUAGE: 'zh_CN' } });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /That passphrase is not correct; the vault stays locked/);
    assert.doesNotMatch(run.stderr + run.stdout, CJK);
  });
});
