import type { Translation } from '../../catalog.js';
import type en from '../en/validation.js';

const zhCN: Translation<typeof en> = {};

export default zhCN;
