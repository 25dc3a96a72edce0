import type { Translation } from '../../catalog.js';
import type en from '../en/diagnosis.js';

const zhCN: Translation<typeof en> = {};

export default zhCN;
