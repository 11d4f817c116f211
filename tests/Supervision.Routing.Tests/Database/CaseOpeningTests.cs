using Supervision.Contracts.Events.Intake;
using Supervision.Routing.Data;
using Supervision.Contracts.Events.Routing;
using Supervision.Contracts;
using Supervision.Testing;

namespace Supervision.Routing.Tests.Database;

public sealed class CaseOpeningTests(TestServers servers) : DatabaseTest(servers)
{
    [Fact]
    public async Task Should_open_one_case_when_the_same_report_arrives_twice()
    {
        var report = OrdinaryReport(ReportCategory.Discipline, CountyCadres(1)[0]);

        await Db.OpenAsync(report, Opened);
        await Db.OpenAsync(report, Opened.AddMinutes(1));

        var caseId = await Db.CaseOfAsync(report);
        Assert.Equal(1, await Db.ScalarAsync<int>("select count(*)::int from cases"));
        Assert.Equal(1, await Db.ScalarAsync<int>("select count(*)::int from case_reports"));
        Assert.Equal(1, await Db.ScalarAsync<int>("select count(*)::int from case_tasks"));
        Assert.Equal(1, await Db.OutboxCountAsync<CaseOpened>(caseId));
    }

    [Fact]
    public async Task Should_attach_a_second_report_about_the_same_cadre_and_matter()
    {
        var cadre = CountyCadres(1)[0];
        var first = OrdinaryReport(ReportCategory.Discipline, cadre);
        var second = OrdinaryReport(ReportCategory.Discipline, cadre);
        var otherMatter = OrdinaryReport(ReportCategory.WorkStyle, cadre);

        await Db.OpenAsync(first, Opened);
        await Db.OpenAsync(second, Opened.AddMinutes(10));
        await Db.OpenAsync(otherMatter, Opened.AddMinutes(20));

        var caseId = await Db.CaseOfAsync(first);
        Assert.Equal(caseId, await Db.CaseOfAsync(second));
        Assert.NotEqual(caseId, await Db.CaseOfAsync(otherMatter));
        Assert.Equal([first.ReportId, second.ReportId], await Db.QueryAsync<Guid>(
            "select report_id from case_reports where case_id = @caseId order by attached_at", new { caseId }));
        Assert.Equal(1, await Db.ScalarAsync<int>("select count(*)::int from case_tasks where case_id = @caseId", new { caseId }));
        Assert.Equal(1, await Db.ScalarAsync<int>("select count(*)::int from case_timeline where case_id = @caseId and kind = 'report-attached'", new { caseId }));
        Assert.Equal([false, true], await Db.QueryAsync<bool>(
            "select (payload->>'attachedToExistingCase')::boolean from outbox_messages where message_type = @type and payload->>'caseId' = @caseId order by created_at, id",
            new { type = typeof(CaseOpened).FullName, caseId = caseId.ToString() }));
    }

    [Fact]
    public async Task Should_open_one_case_for_concurrent_reports_about_the_same_cadre()
    {
        var cadres = CountyCadres(8);
        var reports = cadres.SelectMany(c => new[] { OrdinaryReport(ReportCategory.Discipline, c), OrdinaryReport(ReportCategory.Discipline, c) }).ToList();

        // Each OpenAsync runs on its own connection and transaction, all at once.
        await Task.WhenAll(reports.Select(r => Task.Run(() => Db.OpenAsync(r, Opened))));

        var cases = await Db.QueryAsync<(string Cadre, int Cases, int Reports)>(
            """
            select c.subject_cadre_id, count(distinct c.id)::int, count(r.report_id)::int
            from cases c join case_reports r on r.case_id = c.id group by c.subject_cadre_id order by c.subject_cadre_id
            """);
        Assert.Equal(cadres.Select(c => (c.Id, 1, 2)).OrderBy(c => c.Id, StringComparer.Ordinal), cases);
    }

    [Fact]
    public async Task Should_open_one_case_for_a_report_delivered_twice_at_once()
    {
        var report = OrdinaryReport(ReportCategory.WorkStyle, CountyCadres(1)[0]);

        // A redelivery racing the first delivery: at most one may commit, the other fails and is retried.
        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            try
            {
                await Db.OpenAsync(report, Opened);
                return true;
            }
            catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
            {
                return false;
            }
        })));
        await Db.OpenAsync(report, Opened);

        Assert.Contains(true, attempts);
        Assert.Equal(1, await Db.ScalarAsync<int>("select count(*)::int from cases"));
    }

    [Fact]
    public async Task Should_open_a_report_received_at_the_city_about_a_county_in_its_election_period_on_the_election_clock()
    {
        var cadre = CountyCadres(1)[0];
        var lead = TestData.Unit("discipline-inspection", cadre.DivisionCode);
        await SetElectionPeriodAsync(cadre.DivisionCode, Opened.AddDays(-1), Opened.AddDays(30));
        // Received at the city, where no period is open: intake's receiving-division flag is false.
        var report = Reports.About(ReportCategory.Discipline, TestData.CityCode, Reports.Cadre(cadre.Id));

        await Db.OpenAsync(report, Opened);

        // Domain §6: a report about a cadre of a division whose election period is open runs on the election clock, whatever its category.
        var caseId = await Db.CaseOfAsync(report);
        var acknowledgeBy = (Opened + Db.Clocks.ElectionAcknowledgeWithin).UtcDateTime;
        var closeBy = (Opened + Db.Clocks.ElectionCloseWithin).UtcDateTime;
        Assert.Equal([(true, closeBy)], await Db.QueryAsync<(bool, DateTime)>("select election_clock, close_by from cases where id = @caseId", new { caseId }));
        // On site the same day applies to election reports too (domain.md §6): 18:00 Beijing time on the day of receipt.
        var onSiteBy = new DateTimeOffset(Opened.Date + Db.Clocks.WorkingDayEndsAt, Db.Clocks.TimeZoneOffset).UtcDateTime;
        Assert.Equal([(lead.Id, (DateTime?)acknowledgeBy, (DateTime?)onSiteBy, closeBy)], await Db.QueryAsync<(string, DateTime?, DateTime?, DateTime)>(
            "select unit_id, acknowledge_by, investigation_start_by, close_by from case_tasks where case_id = @caseId", new { caseId }));
        // The unit acknowledges, and the duty officer phones it, within the hour; on site the same day; closed in 5 days.
        Assert.Equal([("acknowledge", acknowledgeBy), ("phone-notice", acknowledgeBy), (DeadlineKinds.InvestigationStart, onSiteBy), ("close", closeBy)],
            await Db.QueryAsync<(string, DateTime)>("select kind, due_at from deadlines where case_id = @caseId order by due_at, kind", new { caseId }));
        Assert.True(await Db.ScalarAsync<bool>(
            "select (payload->>'electionClock')::boolean from outbox_messages where message_type = @type and payload->>'caseId' = @caseId",
            new { type = typeof(CaseOpened).FullName, caseId = caseId.ToString() }));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Should_put_an_election_report_joining_an_ordinary_case_on_the_election_clock(bool electionRelated, bool electionPeriod)
    {
        var cadre = CountyCadres(1)[0];
        var lead = TestData.Unit("discipline-inspection", cadre.DivisionCode);
        var attachedAt = Opened.AddMinutes(10);
        if (electionPeriod)
        {
            // The county's period starts between the two receipts: the first report stays ordinary.
            await SetElectionPeriodAsync(cadre.DivisionCode, Opened.AddMinutes(5), Opened.AddDays(30));
        }
        var ordinary = OrdinaryReport(ReportCategory.Discipline, cadre);
        var election = OrdinaryReport(ReportCategory.Discipline, cadre) with { ElectionRelated = electionRelated, ReceivedAt = attachedAt };

        await Db.OpenAsync(ordinary, Opened);
        await Db.OpenAsync(election, attachedAt);

        // Domain section 2: an election-related report's handling unit is told within the hour and
        // the matter closed within 5 days, whether or not an ordinary report about it came first.
        var caseId = await Db.CaseOfAsync(election);
        Assert.True(await Db.ScalarAsync<bool>("select election_clock from cases where id = @caseId", new { caseId }));
        Assert.Equal(1, await Db.ScalarAsync<int>(
            """
            select count(*)::int from deadlines where case_id = @caseId and unit_id = @unit and kind = 'acknowledge'
              and met_at is null and fired_at is null and due_at <= @due
            """, new { caseId, unit = lead.Id, due = attachedAt.AddHours(1).UtcDateTime }));
        Assert.True(await Db.ScalarAsync<bool>("select close_by <= @due from cases where id = @caseId",
            new { caseId, due = attachedAt.AddDays(5).UtcDateTime }));
    }

    [Fact]
    public async Task Should_tell_the_new_deadlines_once_when_an_election_report_moves_a_case_to_the_election_clock()
    {
        var cadre = CountyCadres(1)[0];
        var lead = TestData.Unit("discipline-inspection", cadre.DivisionCode);
        var attachedAt = Opened.AddMinutes(10);
        var ordinary = OrdinaryReport(ReportCategory.Discipline, cadre);
        var election = OrdinaryReport(ReportCategory.Discipline, cadre) with { ElectionRelated = true, ReceivedAt = attachedAt };
        var another = OrdinaryReport(ReportCategory.Discipline, cadre) with { ElectionRelated = true, ReceivedAt = attachedAt.AddMinutes(5) };

        await Db.OpenAsync(ordinary, Opened);
        var caseId = await Db.CaseOfAsync(ordinary);
        Assert.Equal(0, await Db.OutboxCountAsync<CaseMovedToElectionClock>(caseId));
        await Db.OpenAsync(election, attachedAt);
        // A second election report finds the case on the election clock already: nothing moves, nothing is sent again.
        await Db.OpenAsync(another, attachedAt.AddMinutes(5));

        // Written in the transaction that moved the case: the lead, not yet acknowledged, now acknowledges within the hour of
        // the election report's receipt, and the case closes within 5 days of it. No reporter identity in it.
        Assert.Equal(1, await Db.OutboxCountAsync<CaseMovedToElectionClock>(caseId));
        var moved = await Db.QueryAsync<(string Units, DateTime AcknowledgeBy, DateTime CloseBy, string Keys)>(
            """
            select payload->>'unitsToAcknowledge', (payload->>'acknowledgeBy')::timestamptz, (payload->>'closeBy')::timestamptz,
                   (select string_agg(k, ',' order by k) from jsonb_object_keys(payload) k)
            from outbox_messages where message_type = @type and payload->>'caseId' = @caseId
            """, new { type = typeof(CaseMovedToElectionClock).FullName, caseId = caseId.ToString() });
        Assert.Equal([($"[\"{lead.Id}\"]", (attachedAt + Db.Clocks.ElectionAcknowledgeWithin).UtcDateTime,
            (attachedAt + Db.Clocks.ElectionCloseWithin).UtcDateTime, "acknowledgeBy,at,caseId,closeBy,unitsToAcknowledge")], moved);
        Assert.Equal((attachedAt + Db.Clocks.ElectionCloseWithin).UtcDateTime,
            await Db.ScalarAsync<DateTime>("select close_by from cases where id = @caseId", new { caseId }));
    }

    [Fact]
    public async Task Should_keep_the_ordinary_clock_for_a_report_received_in_a_period_about_a_subject_outside_it()
    {
        var cadre = CountyCadres(1)[0];
        var elsewhere = TestData.Directory.Divisions.First(d => d.Level == "county" && d.Code != cadre.DivisionCode).Code;
        await SetElectionPeriodAsync(elsewhere, Opened.AddDays(-1), Opened.AddDays(30));
        // Received where a period is open (intake flags it), but about a cadre of another county.
        var report = Reports.About(ReportCategory.Discipline, elsewhere, Reports.Cadre(cadre.Id)) with { ElectionPeriod = true };

        await Db.OpenAsync(report, Opened);

        var caseId = await Db.CaseOfAsync(report);
        Assert.False(await Db.ScalarAsync<bool>("select election_clock from cases where id = @caseId", new { caseId }));
    }

    [Fact]
    public async Task Should_keep_a_deleted_period_deleted_when_its_set_event_arrives_late()
    {
        var period = new ElectionPeriodSet
        {
            ElectionPeriodId = Guid.CreateVersion7(), DivisionCode = CountyCadres(1)[0].DivisionCode, StartsAt = Opened.AddDays(-1), EndsAt = Opened.AddDays(1),
        };
        await Db.InTransactionAsync(t => ElectionPeriodStore.DeleteAsync(t, new ElectionPeriodDeleted
        {
            ElectionPeriodId = period.ElectionPeriodId, DivisionCode = period.DivisionCode, StartsAt = period.StartsAt, EndsAt = period.EndsAt,
        }, CancellationToken.None));
        await Db.InTransactionAsync(t => ElectionPeriodStore.SetAsync(t, period, CancellationToken.None));

        var report = OrdinaryReport(ReportCategory.Discipline, CountyCadres(1)[0]);
        await Db.OpenAsync(report, Opened);
        Assert.False(await Db.ScalarAsync<bool>("select election_clock from cases where id = @caseId", new { caseId = await Db.CaseOfAsync(report) }));
    }

    private Task SetElectionPeriodAsync(string divisionCode, DateTimeOffset startsAt, DateTimeOffset endsAt) =>
        Db.InTransactionAsync(t => ElectionPeriodStore.SetAsync(t, new ElectionPeriodSet
        {
            ElectionPeriodId = Guid.CreateVersion7(), DivisionCode = divisionCode, StartsAt = startsAt, EndsAt = endsAt,
        }, CancellationToken.None));
}
