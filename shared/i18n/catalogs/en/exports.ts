/** English: the source of every text in the `exports` namespace. */
export default {};
