/** English: the source of every text in the `dashboard` namespace. */
export default {};
