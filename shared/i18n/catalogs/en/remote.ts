/**
 * English: the source of every text in the `remote` namespace (issue 20, docs/step-ca.md): remote
 * authorities on a step-ca server — connecting, their health, the step-ca export, and the server's
 * refusals said in its words plus what to do.
 */
export default {
  /** What main says when a step-ca server refuses or fails (services/remote/). */
  errors: {
    placeholder: 'A remote authority could not be reached',
  },
};
