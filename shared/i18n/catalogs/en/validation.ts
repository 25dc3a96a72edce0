/** English: the source of every text in the `validation` namespace. */
export default {};
