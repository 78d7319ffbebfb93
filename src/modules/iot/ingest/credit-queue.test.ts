import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreditQueue } from './credit-queue.ts';

function harness(o: { batch: number; inFlight: number; maxBacklog: number; maxSend?: number }) {
  const opts = { ...o, maxSend: o.maxSend ?? o.batch };
  const sent: { items: number[]; shed: number }[] = [];
  const q = new CreditQueue<number>((items, shed) => sent.push({ items, shed }), opts);
  return { q, sent };
}

test('sends at most inFlight batches until the main thread takes one', () => {
  const { q, sent } = harness({ batch: 3, inFlight: 2, maxBacklog: 1000 });
  for (let i = 0; i < 10; i++) q.push(i);
  // Three full batches closed, two sent; the third and the partial one wait.
  assert.deepEqual(sent.map((s) => s.items), [[0, 1, 2], [3, 4, 5]]);
  assert.equal(q.waiting, 4);
  q.taken();
  assert.deepEqual(sent.at(-1)!.items, [6, 7, 8]);
  q.flush(); // closes the partial batch; no credit, so it waits
  assert.equal(sent.length, 3);
  assert.equal(q.waiting, 1);
  q.taken();
  assert.deepEqual(sent.at(-1)!.items, [9]);
  assert.equal(q.waiting, 0);
  // Every item exactly once, in order.
  assert.deepEqual(sent.flatMap((s) => s.items), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('push reports a partial batch left to flush', () => {
  const { q } = harness({ batch: 2, inFlight: 1, maxBacklog: 100 });
  assert.equal(q.push(1), true);
  assert.equal(q.push(2), false, 'the batch was full and went out');
});

test('a full backlog sheds its oldest batch and reports the count with the next batch sent', () => {
  const { q, sent } = harness({ batch: 2, inFlight: 1, maxBacklog: 6 });
  for (let i = 0; i < 10; i++) q.push(i);
  // [0,1] sent; backlog [2,3] [4,5] [6,7] reached 6 waiting; pushing 8 shed [2,3]; pushing 9 then filled [8,9].
  assert.deepEqual(sent, [{ items: [0, 1], shed: 0 }]);
  assert.equal(q.waiting, 6);
  q.taken();
  assert.deepEqual(sent.at(-1), { items: [4, 5], shed: 2 });
  q.taken();
  assert.deepEqual(sent.at(-1), { items: [6, 7], shed: 0 });
});

test('drain sends everything regardless of credits', () => {
  const { q, sent } = harness({ batch: 2, inFlight: 1, maxBacklog: Number.POSITIVE_INFINITY });
  for (let i = 0; i < 7; i++) q.push(i);
  assert.equal(sent.length, 1);
  q.drain();
  assert.deepEqual(sent.flatMap((s) => s.items), [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(q.waiting, 0);
});

test('batches waiting when a credit returns go out together, up to maxSend items', () => {
  const { q, sent } = harness({ batch: 2, inFlight: 1, maxBacklog: 100, maxSend: 5 });
  for (let i = 0; i < 9; i++) q.push(i);
  assert.deepEqual(sent.map((s) => s.items), [[0, 1]]);
  q.taken(); // [2,3] [4,5] [6,7] wait: two fit in 5
  assert.deepEqual(sent.at(-1)!.items, [2, 3, 4, 5]);
  q.flush(); // closes [8]; no credit
  q.taken();
  assert.deepEqual(sent.at(-1)!.items, [6, 7, 8]);
  assert.deepEqual(sent.flatMap((s) => s.items), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
});
