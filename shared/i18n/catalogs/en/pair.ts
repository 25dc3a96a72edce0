/** English: the source of every text in the `pair` namespace. */
export default {};
