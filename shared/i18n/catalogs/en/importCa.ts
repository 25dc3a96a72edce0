/** English: the source of every text in the `importCa` namespace. */
export default {};
