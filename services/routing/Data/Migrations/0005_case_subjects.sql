-- Every accused cadre or unit of a case, in the report's order. cases.subject_cadre_id stays the most
-- senior one (who decides the lead and which open case a later report joins); every accused unit's
-- leadership team receives the result of an anonymous report.
create table case_subjects (
    case_id uuid not null references cases (id),
    position integer not null,
    cadre_id text,
    unit_id text not null,
    most_senior boolean not null,
    primary key (case_id, position)
);
