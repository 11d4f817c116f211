-- The supervision ledger (干部监督信息台帐), a projection of the event log like the others: rebuilt from it, the same rows.
-- An entry names its cadre or unit directly (a finding, a rectification item, a panel score) or reaches them through
-- the subjects of its report (a report, the case opened for it and its outcome).
create table ledger_subjects (
    report_id uuid not null,
    subject_kind text not null,
    subject_id text not null,
    primary key (report_id, subject_kind, subject_id)
);
create index ledger_subjects_subject on ledger_subjects (subject_kind, subject_id);

create table ledger_entries (
    entry_id uuid primary key,
    source smallint not null,
    kind text not null,
    occurred_at timestamptz not null,
    subject_kind text,
    subject_id text,
    report_id uuid,
    case_id uuid,
    args text[] not null default '{}'
);
create index ledger_entries_subject on ledger_entries (subject_kind, subject_id, occurred_at desc);
create index ledger_entries_report on ledger_entries (report_id) where report_id is not null;
create index ledger_entries_case on ledger_entries (case_id) where case_id is not null;
