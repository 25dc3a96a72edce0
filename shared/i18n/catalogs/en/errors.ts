/** English: the source of every text in the `errors` namespace. */
export default {};
