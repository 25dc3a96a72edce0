/** English: the source of every text in the `bulk` namespace. */
export default {};
