/** English: the source of every text in the `certificates` namespace. */
export default {};
