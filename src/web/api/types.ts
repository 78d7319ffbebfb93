/** Response and request shapes of the LiftSafe API, by area; import from here. */
export type * from './common.types.ts';
export type * from './registry.types.ts';
export type * from './admin.types.ts';
export type * from './public.types.ts';
export type * from './iot.types.ts';
export type * from './emergency.types.ts';
