/** English: the source of every text in the `services` namespace. */
export default {};
