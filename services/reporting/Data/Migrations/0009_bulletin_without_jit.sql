-- No JIT compilation for reporting's statements: on the bulletin benchmark's million cases PostgreSQL compiled each
-- indicator statement for 0.8 to 1.8 s (EXPLAIN ANALYZE's "JIT: Timing"), longer than the statement then ran; the
-- statements read indexed slices, where JIT never pays back (docs/adr/0015). New sessions of this database get it.
do $$ begin execute format('alter database %I set jit = off', current_database()); end $$;
