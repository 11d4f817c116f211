-- The tour's public pre-announcement (巡察预告), published once on arrival; anyone may read it.
create table pre_announcements (
    tour_id uuid primary key references tours (id),
    target_division_code text not null,
    purpose text not null,
    methods text not null,
    discipline text not null,
    office_address text not null,
    contact_phone text not null,
    mailbox text not null,
    email text not null,
    hotline text not null,
    published_by text not null,
    published_at timestamptz not null
);

create index pre_announcements_by_time on pre_announcements (published_at desc, tour_id desc);
