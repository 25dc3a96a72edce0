/** English: the source of every text in the `a11y` namespace. */
export default {};
