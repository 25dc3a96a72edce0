/** English: the source of every text in the `diagnosis` namespace. */
export default {};
