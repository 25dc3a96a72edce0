/** English: the source of every text in the `acme` namespace. */
export default {};
