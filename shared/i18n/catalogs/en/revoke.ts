/** English: the source of every text in the `revoke` namespace. */
export default {};
