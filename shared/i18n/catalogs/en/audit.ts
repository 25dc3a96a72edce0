/** English: the source of every text in the `audit` namespace. */
export default {};
