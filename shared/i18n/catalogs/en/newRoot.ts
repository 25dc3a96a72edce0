/** English: the source of every text in the `newRoot` namespace. */
export default {};
