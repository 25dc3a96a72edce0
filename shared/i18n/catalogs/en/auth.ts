/** English: the source of every text in the `auth` namespace. */
export default {};
