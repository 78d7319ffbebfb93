-- Appending to the hash-chained audit log in one statement (src/modules/audit). Before, an append took three round
-- trips under the chain lock (lock, read the last hash, insert); uploads that write everything in one statement embed
-- this call. The caller computes each entry's canonical JSON (`body`, what verifyChain re-hashes); this function takes
-- the chain lock (transaction-scoped, held until commit), reads the last hash — after the lock, with a fresh snapshot,
-- since a VOLATILE function takes one per query under READ COMMITTED — and chains
-- hash = sha256(prev_hash || body), exactly as the application's verifier recomputes it.
-- p_entries: [{body, regionCode, action, entityType, entityId, before, after}] in chain order.
CREATE FUNCTION audit_append(p_at timestamptz, p_actor_id bigint, p_actor_name text, p_org_id bigint, p_entries jsonb)
RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  prev text;
  h text;
  e jsonb;
  n integer := 0;
BEGIN
  IF jsonb_array_length(p_entries) = 0 THEN
    RETURN 0;
  END IF;
  PERFORM pg_advisory_xact_lock(72711002);
  SELECT a.hash INTO prev FROM audit_log a ORDER BY a.id DESC LIMIT 1;
  prev := coalesce(prev, repeat('0', 64));
  FOR e IN SELECT x.value FROM jsonb_array_elements(p_entries) WITH ORDINALITY AS x(value, i) ORDER BY x.i LOOP
    h := encode(sha256(convert_to(prev || (e ->> 'body'), 'UTF8')), 'hex');
    INSERT INTO audit_log (at, actor_id, actor_name, org_id, region_code, action, entity_type, entity_id, before, after, prev_hash, hash)
    VALUES (p_at, p_actor_id, p_actor_name, p_org_id, e ->> 'regionCode', e ->> 'action', e ->> 'entityType', e ->> 'entityId',
            nullif(e -> 'before', 'null'::jsonb), nullif(e -> 'after', 'null'::jsonb), prev, h);
    prev := h;
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
