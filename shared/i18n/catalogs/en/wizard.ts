/** English: the source of every text in the `wizard` namespace. */
export default {};
