/** English: the source of every text in the `renew` namespace. */
export default {};
