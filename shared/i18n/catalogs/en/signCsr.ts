/** English: the source of every text in the `signCsr` namespace. */
export default {};
