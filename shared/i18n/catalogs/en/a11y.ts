/** English: the source of every text in the `a11y` namespace (what assistive technology hears). */
export default {
  skipToContent: 'Skip to content',
  announce: {
    vaultLocked: 'The vault is locked.',
  },
};
