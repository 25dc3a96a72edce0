/** The Simplified Chinese catalog: typed against the English one, so a missing or an extra key does not compile. */
import type { Translation } from '../../catalog.js';
import type { Catalog } from '../en/index.js';
import common from './common.js';
import app from './app.js';
import auth from './auth.js';
import settings from './settings.js';
import dashboard from './dashboard.js';
import audit from './audit.js';
import certificates from './certificates.js';
import authorities from './authorities.js';
import revocation from './revocation.js';
import publication from './publication.js';
import acme from './acme.js';
import wizard from './wizard.js';
import issue from './issue.js';
import pair from './pair.js';
import bulk from './bulk.js';
import renew from './renew.js';
import exports from './exports.js';
import revoke from './revoke.js';
import signCsr from './signCsr.js';
import newRoot from './newRoot.js';
import newIntermediate from './newIntermediate.js';
import importCa from './importCa.js';
import inspect from './inspect.js';
import diagnosis from './diagnosis.js';
import services from './services.js';
import errors from './errors.js';
import validation from './validation.js';
import menu from './menu.js';
import shortcuts from './shortcuts.js';
import a11y from './a11y.js';
import x509 from './x509.js';
import watch from './watch.js';
import remote from './remote.js';

export const zhCN: Translation<Catalog> = {
  common,
  app,
  auth,
  settings,
  dashboard,
  audit,
  certificates,
  authorities,
  revocation,
  publication,
  acme,
  wizard,
  issue,
  pair,
  bulk,
  renew,
  exports,
  revoke,
  signCsr,
  newRoot,
  newIntermediate,
  importCa,
  inspect,
  diagnosis,
  services,
  errors,
  validation,
  menu,
  shortcuts,
  a11y,
  x509,
  watch,
  remote,
};
