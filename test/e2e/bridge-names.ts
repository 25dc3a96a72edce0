/** The two globals the bridge (in the page) and the harness (in the test process) agree on. */
export const INVOKE_BINDING = '__certwrightInvoke';
export const DELIVER_FUNCTION = '__certwrightDeliver';
