/** English: the source of every text in the `app` namespace. */
export default {
  boot: {
    opening: 'Opening Certwright…',
    failed: 'Certwright could not open its vault',
    tryAgain: 'Try again',
  },
};
