import type { Translation } from '../../catalog.js';
import type en from '../en/a11y.js';

const zhCN: Translation<typeof en> = {};

export default zhCN;
