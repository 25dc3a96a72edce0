/** English: the source of every text in the `shortcuts` namespace. */
export default {};
