-- Appending to the hash-chained audit log in one statement, on one of eight chains (src/modules/audit).
--
-- Before, an append took three round trips under one chain lock (lock, read the last hash, insert) and the lock was
-- held until the appending transaction committed, so every audited change of every node committed one at a time
-- (maintenance uploads on PostgreSQL queued behind it: issue 6). Now the log holds up to eight chains (`chain`
-- 0–7), each its own hash chain with its own lock: an append takes the first chain nobody holds (chain 0 unless
-- others are appending at that moment, so a quiet platform keeps one chain), or waits for one when all eight are
-- busy. A transaction that appended before appends to the same chain again (remembered in a transaction-local
-- setting; advisory locks are re-entrant), so its entries stay in one chain, in order, and it never waits. Chain 0 keeps the old lock key, so an older node still serialises
-- with it. Verification walks each chain: an edited, deleted or inserted entry breaks its chain from there on.
--
-- The caller computes each entry's canonical JSON (`body`, what verifyChain re-hashes); the function reads the chain's
-- last hash after taking its lock — with a fresh snapshot, as a VOLATILE function takes one per query under READ
-- COMMITTED — and chains hash = sha256(prev_hash || body), exactly as the verifier recomputes it.
-- p_entries: [{body, regionCode, action, entityType, entityId, before, after}] in chain order.
ALTER TABLE audit_log ADD COLUMN chain smallint NOT NULL DEFAULT 0;
CREATE INDEX audit_log_chain_idx ON audit_log (chain, id);

CREATE FUNCTION audit_chain_key(p_chain integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p_chain = 0 THEN 72711002 ELSE 72711100 + p_chain END::bigint
$$;

CREATE FUNCTION audit_append(p_at timestamptz, p_actor_id bigint, p_actor_name text, p_org_id bigint, p_entries jsonb)
RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  c integer;
  k integer;
  prev text;
  h text;
  e jsonb;
  n integer := 0;
BEGIN
  IF jsonb_array_length(p_entries) = 0 THEN
    RETURN 0;
  END IF;
  c := nullif(current_setting('liftsafe.audit_chain', true), '')::integer;
  IF c IS NULL THEN
    FOR k IN 0..7 LOOP
      IF pg_try_advisory_xact_lock(audit_chain_key(k)) THEN
        c := k;
        EXIT;
      END IF;
    END LOOP;
    IF c IS NULL THEN
      c := pg_backend_pid() % 8;
      PERFORM pg_advisory_xact_lock(audit_chain_key(c));
    END IF;
    PERFORM set_config('liftsafe.audit_chain', c::text, true);
  END IF;
  SELECT a.hash INTO prev FROM audit_log a WHERE a.chain = c ORDER BY a.id DESC LIMIT 1;
  prev := coalesce(prev, repeat('0', 64));
  FOR e IN SELECT x.value FROM jsonb_array_elements(p_entries) WITH ORDINALITY AS x(value, i) ORDER BY x.i LOOP
    h := encode(sha256(convert_to(prev || (e ->> 'body'), 'UTF8')), 'hex');
    INSERT INTO audit_log (at, actor_id, actor_name, org_id, region_code, action, entity_type, entity_id, before, after, prev_hash, hash, chain)
    VALUES (p_at, p_actor_id, p_actor_name, p_org_id, e ->> 'regionCode', e ->> 'action', e ->> 'entityType', e ->> 'entityId',
            nullif(e -> 'before', 'null'::jsonb), nullif(e -> 'after', 'null'::jsonb), prev, h, c);
    prev := h;
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
