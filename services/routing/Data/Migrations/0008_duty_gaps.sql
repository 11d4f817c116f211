-- 24-hour duty in election periods: a notice may be about no case (a stretch nobody is on duty).
alter table notifications alter column case_id drop not null;

-- Each uncovered stretch is warned about once, whichever instance or check finds it (unit, start).
create table duty_gap_warnings (
    unit_id text not null,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    warned_at timestamptz not null,
    primary key (unit_id, starts_at)
);
create index duty_shifts_by_unit_end on duty_shifts (unit_id, ends_at);
