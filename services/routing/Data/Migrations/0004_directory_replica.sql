-- Changes recorded before the replica existed join it, so every instance still applies them at start.
insert into directory_replica (version, payload)
select id, payload from directory_changes order by id
on conflict (version) do nothing;
