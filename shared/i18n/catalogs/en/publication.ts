/** English: the source of every text in the `publication` namespace. */
export default {};
