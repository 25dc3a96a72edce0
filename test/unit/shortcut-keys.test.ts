/**
 * Issue 18, shortcuts in the window: the keydown handler's pure part (which keydown runs which command
 * and when none does), the key caps the shortcuts sheet prints, and what Inspect clipboard hands over.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SHORTCUTS } from '../../shared/domain/app-commands.js';
import { ariaKeyShortcuts, commandForKey, keyCaps, type KeyEventLike } from '../../renderer/app/shortcuts/keys.js';
import { clipboardHandoff } from '../../renderer/app/shortcuts/clipboard.js';

const down = (key: string, mods: Partial<Omit<KeyEventLike, 'key'>> = {}): KeyEventLike => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, repeat: false, defaultPrevented: false, ...mods });

describe('the window’s keydown handler', () => {
  test('each shortcut runs its command; on a Mac with Cmd', () => {
    assert.equal(commandForKey(down('n', { ctrlKey: true }), false, false), 'new-certificate');
    assert.equal(commandForKey(down('i', { ctrlKey: true }), false, false), 'inspect-clipboard');
    assert.equal(commandForKey(down('f', { ctrlKey: true }), false, false), 'search');
    assert.equal(commandForKey(down('l', { ctrlKey: true }), false, false), 'lock-vault');
    assert.equal(commandForKey(down('/', { ctrlKey: true }), false, false), 'show-shortcuts');
    assert.equal(commandForKey(down('F1'), false, false), 'show-shortcuts');
    assert.equal(commandForKey(down('l', { metaKey: true }), true, false), 'lock-vault');
    assert.equal(commandForKey(down('l', { ctrlKey: true }), true, false), null);
  });

  test('nothing while a modal dialog waits, an input method composes, a key is held, or something else took the key', () => {
    assert.equal(commandForKey(down('n', { ctrlKey: true }), false, true), null);
    assert.equal(commandForKey(down('n', { ctrlKey: true, isComposing: true }), false, false), null);
    assert.equal(commandForKey(down('n', { ctrlKey: true, repeat: true }), false, false), null);
    assert.equal(commandForKey(down('n', { ctrlKey: true, defaultPrevented: true }), false, false), null);
    assert.equal(commandForKey(down('v', { ctrlKey: true }), false, false), null, 'paste stays paste');
  });

  test('the sheet prints the platform’s key caps; aria-keyshortcuts uses ARIA’s names', () => {
    assert.deepEqual(keyCaps(SHORTCUTS['new-certificate'][0]!, false), ['Ctrl', 'N']);
    assert.deepEqual(keyCaps(SHORTCUTS['new-certificate'][0]!, true), ['⌘', 'N']);
    assert.deepEqual(keyCaps({ key: 'n', primary: true, shift: true }, true), ['⌘', '⇧', 'N']);
    assert.deepEqual(keyCaps(SHORTCUTS['show-shortcuts'][1]!, false), ['F1']);
    assert.equal(ariaKeyShortcuts(SHORTCUTS['show-shortcuts'], false), 'Control+/ F1');
    assert.equal(ariaKeyShortcuts(SHORTCUTS['show-shortcuts'], true), 'Meta+/ F1');
  });
});

describe('Inspect clipboard', () => {
  test('main’s text wins; else the page reads; a refusal or nothing but space says so', async () => {
    const never = async () => assert.fail('the page must not read when main sent the text');
    assert.deepEqual(await clipboardHandoff('-----BEGIN CERTIFICATE-----', never), { text: '-----BEGIN CERTIFICATE-----' });
    assert.deepEqual(await clipboardHandoff(undefined, async () => 'pasted'), { text: 'pasted' });
    assert.deepEqual(await clipboardHandoff(undefined, async () => Promise.reject(new DOMException('denied', 'NotAllowedError'))), { problem: 'refused' });
    assert.deepEqual(await clipboardHandoff('  \n', never), { problem: 'empty' });
  });
});
