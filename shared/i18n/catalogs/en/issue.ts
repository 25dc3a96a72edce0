/** English: the source of every text in the `issue` namespace. */
export default {};
