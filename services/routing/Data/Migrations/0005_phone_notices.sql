-- "1 小时内电话通知承办单位": the call the receiving level's duty officer owes the handling unit of an election case.
create table phone_notices (
    id uuid primary key,
    case_id uuid not null references cases (id),
    duty_unit_id text not null,
    handling_unit_id text not null,
    handling_duty_officer text,
    handling_duty_phone text,
    instruction text not null,
    created_at timestamptz not null,
    call_by timestamptz not null,
    deadline_id uuid not null,
    called_at timestamptz,
    callee_name text,
    caller_name text,
    confirmed_by text,
    confirmed_at timestamptz
);
create index phone_notices_by_duty_unit on phone_notices (duty_unit_id, created_at desc, id desc);
