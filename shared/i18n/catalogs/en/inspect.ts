/** English: the source of every text in the `inspect` namespace. */
export default {};
