/** English: the source of every text in the `authorities` namespace. */
export default {};
