import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { IdParam, typed } from '../../server/http/types.ts';
import { listDetections, reviewDetection, runDetections } from './detections.service.ts';
import { addEmployment, createPerson, deleteCertificate, getPerson, listPeople, saveCertificate, updateEmployment, updatePerson } from './people.service.ts';
import {
  AssignInput, CertificateInput, DetectionOut, DetectionQuery, EmploymentInput, EmploymentUpdate, ManagerLoadOut, PersonInput, PersonOut, PersonQuery, PersonSummary, PersonUpdate, ReviewInput, RunOut,
} from './personnel.schema.ts';
import { assign, managerLoads, unassign } from './safety-managers.service.ts';

const TAG = ['personnel'];

/** People, certificates, employment, safety managers and the 挂证 detections. No route returns an ID number. */
export function personnelRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = typed(app);
  r.get('/api/personnel/people', {
    config: { auth: 'personnel.read' },
    schema: { tags: TAG, summary: 'People in scope (an organisation: those it employs or employed; a regulator: employed in its region)', querystring: PersonQuery, response: { 200: z.object({ items: z.array(PersonSummary), total: z.number() }) } },
    handler: (req) => listPeople(ctx, principalOf(req), req.query),
  });
  r.get('/api/personnel/people/:id', {
    config: { auth: 'personnel.read' },
    schema: { tags: TAG, params: IdParam, response: { 200: PersonOut } },
    handler: (req) => getPerson(ctx, principalOf(req), req.params.id),
  });
  r.post('/api/personnel/people', {
    config: { auth: 'personnel.manage' },
    schema: { tags: TAG, summary: 'Register a person at one’s organisation; a known ID number adds the employment to the same person', body: PersonInput, response: { 201: PersonOut } },
    handler: async (req, reply) => reply.code(201).send(await createPerson(ctx, principalOf(req), req.body)),
  });
  r.put('/api/personnel/people/:id', {
    config: { auth: 'personnel.manage' },
    schema: { tags: TAG, params: IdParam, body: PersonUpdate, response: { 200: PersonOut } },
    handler: (req) => updatePerson(ctx, principalOf(req), req.params.id, req.body),
  });
  r.post('/api/personnel/people/:id/certificates', {
    config: { auth: 'personnel.manage' },
    schema: { tags: TAG, summary: 'Add or update a certificate (A, T, inspector) of a person', params: IdParam, body: CertificateInput, response: { 200: PersonOut } },
    handler: (req) => saveCertificate(ctx, principalOf(req), req.params.id, req.body),
  });
  r.delete('/api/personnel/certificates/:id', {
    config: { auth: 'personnel.manage' },
    schema: { tags: TAG, params: IdParam },
    handler: async (req, reply) => {
      await deleteCertificate(ctx, principalOf(req), req.params.id);
      return reply.code(204).send();
    },
  });
  r.post('/api/personnel/people/:id/employments', {
    config: { auth: 'personnel.manage' },
    schema: { tags: TAG, params: IdParam, body: EmploymentInput, response: { 201: PersonOut } },
    handler: async (req, reply) => reply.code(201).send(await addEmployment(ctx, principalOf(req), req.params.id, req.body)),
  });
  r.put('/api/personnel/employments/:id', {
    config: { auth: 'personnel.manage' },
    schema: { tags: TAG, summary: 'Change or end an employment at one’s organisation', params: IdParam, body: EmploymentUpdate, response: { 200: PersonOut } },
    handler: (req) => updateEmployment(ctx, principalOf(req), req.params.id, req.body),
  });
  r.get('/api/personnel/safety-managers', {
    config: { auth: 'personnel.read' },
    schema: { tags: TAG, summary: 'Safety managers in scope with the number of elevators each is responsible for and the region’s cap', response: { 200: z.object({ items: z.array(ManagerLoadOut) }) } },
    handler: async (req) => ({ items: await managerLoads(ctx, principalOf(req)) }),
  });
  r.put('/api/personnel/safety-managers', {
    config: { auth: 'personnel.manage' },
    schema: { tags: TAG, summary: 'The use unit names the safety manager of its elevators', body: AssignInput, response: { 200: z.object({ assigned: z.number() }) } },
    handler: (req) => assign(ctx, principalOf(req), req.body),
  });
  r.delete('/api/personnel/safety-managers/:registrationCode', {
    config: { auth: 'personnel.manage' },
    schema: { tags: TAG, params: z.object({ registrationCode: z.string().regex(/^\d{20}$/) }) },
    handler: async (req, reply) => {
      await unassign(ctx, principalOf(req), req.params.registrationCode);
      return reply.code(204).send();
    },
  });
  r.get('/api/personnel/detections', {
    config: { auth: 'personnel.review' },
    schema: { tags: TAG, summary: '挂证 detections touching the caller’s region, with evidence', querystring: DetectionQuery, response: { 200: z.object({ items: z.array(DetectionOut), total: z.number(), openByKind: z.record(z.string(), z.number()) }) } },
    handler: (req) => listDetections(ctx, principalOf(req), req.query),
  });
  r.post('/api/personnel/detections/run', {
    config: { auth: 'personnel.review' },
    schema: { tags: TAG, summary: 'Run every detection now (also runs daily)', response: { 200: RunOut } },
    handler: (req) => runDetections(ctx, principalOf(req)),
  });
  r.post('/api/personnel/detections/:id/review', {
    config: { auth: 'personnel.review' },
    schema: { tags: TAG, summary: 'Confirm or dismiss a finding, with a note', params: IdParam, body: ReviewInput, response: { 200: DetectionOut } },
    handler: (req) => reviewDetection(ctx, principalOf(req), req.params.id, req.body),
  });
}
