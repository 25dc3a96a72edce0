/** English: the source of every text in the `settings` namespace. */
export default {};
