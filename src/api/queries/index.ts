/** Importing this module registers every document (the schema test relies on it). */
export * from './document';
export * from './viewer';
export * from './projects';
export * from './runs';
export * from './history';
export * from './files';
export * from './artifacts';
export * from './sweeps';
export * from './reports';
export * from './mutations';
export * from './sweep-config';
export * from './artifact-rows';
export * from './log-lines';
export * from './runs-table';
export * from './organizations';
