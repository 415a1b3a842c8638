/** Case management and report export: the public surface of src/cases (no side effects on import). */
export * from './case.js';
export * from './grouping.js';
export * from './workflow.js';
export * from './evidence.js';
export * from './store-port.js';
export * from './intake.js';
export * from './ring-cases.js';
export * from './actions.js';
export * from './report/input.js';
export * from './report/result.js';
export * from './report/required.js';
export * from './report/format.js';
export * from './report/xml.js';
export * from './report/goaml.js';
export * from './report/pboc-fields.js';
export * from './report/pboc.js';
