/** English: the source of every text in the `revocation` namespace. */
export default {};
