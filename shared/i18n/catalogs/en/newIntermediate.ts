/** English: the source of every text in the `newIntermediate` namespace. */
export default {};
