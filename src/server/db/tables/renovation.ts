/** Table types of the renovation module (issue 7); merged into `DB` in ../schema.ts and checked like it by store.test.ts. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RenovationTables {}
