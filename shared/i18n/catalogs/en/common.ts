/** English: the source of every text in the `common` namespace. */
export default {
  time: {
    daysLeft_one: '{{count}} day left',
    daysLeft_other: '{{count}} days left',
  },
};
