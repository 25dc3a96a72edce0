/** English: the source of every text in the `menu` namespace. */
export default {};
