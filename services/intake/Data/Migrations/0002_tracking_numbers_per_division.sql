-- Tracking numbers count per receiving division and year: a city-wide count told every reporter the city's volume.
create table tracking_number_counters (
    division_code text not null,
    year int not null,
    last_number bigint not null,
    primary key (division_code, year)
);
-- Numbers already given stay taken.
insert into tracking_number_counters (division_code, year, last_number)
select receiving_division_code, split_part(tracking_number, '-', 2)::int, max(split_part(tracking_number, '-', 3)::bigint)
from reports group by 1, 2;
drop sequence report_tracking_numbers;
