import { z } from 'zod';

const DeviceIdField = z.string().trim().regex(/^[A-Za-z0-9_.:-]{3,64}$/, '终端编号为 3–64 位字母、数字或 _ . : -');
const SecretField = z.string().min(12, '密钥至少 12 位').max(128);

export const DeviceInput = z.object({
  deviceId: DeviceIdField,
  protocol: z.string().min(1).max(40),
  secret: SecretField,
  registrationCode: z.string().trim().min(1).max(40),
  productKey: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'productKey 为 1–64 位字母、数字、_ 或 -').optional(),
  vendor: z.string().trim().max(100).optional(),
  model: z.string().trim().max(100).optional(),
  firmware: z.string().trim().max(100).optional(),
});
export type DeviceInput = z.infer<typeof DeviceInput>;

export const DeviceParam = z.object({ deviceId: z.string().max(64) });
export const BindInput = z.object({ registrationCode: z.string().trim().min(1).max(40) });
export const RotateInput = z.object({ secret: SecretField.optional() }).default({});

export const DeviceListQuery = z.object({
  q: z.string().trim().max(64).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  online: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  protocol: z.string().max(40).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type DeviceListQuery = z.infer<typeof DeviceListQuery>;

export const DeviceHealthOut = z.object({
  accepted: z.number(),
  malformed: z.number(),
  invalid: z.number(),
  unknownEvent: z.number(),
  oversized: z.number(),
  futureTime: z.number(),
  floodDropped: z.number(),
  spoofed: z.number(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
});

export const DeviceOut = z.object({
  id: z.number(),
  deviceId: z.string(),
  protocol: z.string(),
  productKey: z.string().nullable(),
  vendor: z.string().nullable(),
  model: z.string().nullable(),
  firmware: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  registrationCode: z.string().nullable(),
  address: z.string().nullable(),
  online: z.boolean(),
  lastSeen: z.string().nullable(),
  health: DeviceHealthOut,
  version: z.number(),
  createdAt: z.string(),
});
export type DeviceOut = z.infer<typeof DeviceOut>;

export const DeviceListOut = z.object({ items: z.array(DeviceOut), total: z.number() });
export const SecretOut = z.object({ secret: z.string() });
export const DeviceImportOut = z.object({
  created: z.number(),
  rejected: z.array(z.object({ line: z.number(), field: z.string(), message: z.string() })),
});
