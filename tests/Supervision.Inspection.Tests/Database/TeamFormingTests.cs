using Dapper;
using Supervision.Inspection.Data;
using Supervision.Inspection.Domain;
using Supervision.Reference;
using Supervision.Testing;

namespace Supervision.Inspection.Tests.Database;

/// <summary>Plans, choices and teams on a real PostgreSQL: exclusions and events commit with the refusal, the team with its event.</summary>
public sealed class TeamFormingTests(TestServers servers) : InspectionDatabaseTest(servers)
{
    [Fact]
    public async Task Should_load_the_pool_once_however_often_the_instances_start()
    {
        await new InspectorPoolSeed(DataSource, TestData.Pool, Microsoft.Extensions.Logging.Abstractions.NullLogger<InspectorPoolSeed>.Instance)
            .StartAsync(CancellationToken.None);
        await using var connection = await DataSource.OpenConnectionAsync();
        Assert.Equal(TestData.Pool.Inspectors.Count, await connection.ExecuteScalarAsync<int>("select count(*) from inspectors"));
        Assert.Equal(TestData.Pool.Inspectors.Sum(i => i.Relatives.Count), await connection.ExecuteScalarAsync<int>("select count(*) from inspector_relatives"));
    }

    [Fact]
    public async Task Should_record_the_choice_with_the_data_and_publish_it()
    {
        var tour = await PlannedTourAsync(TargetKinds.Division, "370883");

        var read = await Planning.TourAsync(tour.Id, CancellationToken.None);
        Assert.Equal((TourStates.Planned, new DateOnly(2027, 1, 14)), (read.State, read.EndsOn));
        Assert.Equal(6, read.Candidate.WindowMonths);
        await using var connection = await DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*) from outbox_messages where message_type like '%TourTargetChosen%'"));
    }

    [Fact]
    public async Task Should_commit_the_exclusions_of_a_refused_team_and_form_none()
    {
        var tour = await PlannedTourAsync(TargetKinds.Division, "370883");

        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => Planning.FormTeamAsync(tour.Id, "i-007", ["i-001"], "plan-staff", CancellationToken.None));

        Assert.Contains("i-001 [worked-at-target]", refused.Message);
        var exclusion = Assert.Single(await Planning.ExclusionsAsync(tour.Id, CancellationToken.None));
        Assert.Equal(("i-001", RecusalRules.WorkedAtTarget, "2023-06-30"), (exclusion.InspectorId, exclusion.Rule, exclusion.Detail.To));
        Assert.Empty((await Planning.TourAsync(tour.Id, CancellationToken.None)).Team);
        await using var connection = await DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*) from outbox_messages where message_type like '%InspectorExcluded%'"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from outbox_messages where message_type like '%TeamFormed%'"));
    }

    [Fact]
    public async Task Should_form_a_clean_team_once_and_record_signed_declarations()
    {
        var tour = await PlannedTourAsync(TargetKinds.Division, "370883");

        var formed = await Planning.FormTeamAsync(tour.Id, "i-007", ["i-002", "i-008"], "plan-staff", CancellationToken.None);
        await Planning.SignDeclarationAsync(tour.Id, "i-002", CancellationToken.None);

        Assert.Equal(TourStates.TeamFormed, formed.State);
        await Assert.ThrowsAsync<DomainRuleException>(() => Planning.FormTeamAsync(tour.Id, "i-007", ["i-008"], "plan-staff", CancellationToken.None));
        await Assert.ThrowsAsync<DomainRuleException>(() => Planning.SignDeclarationAsync(tour.Id, "i-002", CancellationToken.None));
        await Assert.ThrowsAsync<NotTeamMemberException>(() => Planning.SignDeclarationAsync(tour.Id, "i-009", CancellationToken.None));
        var read = await Planning.TourAsync(tour.Id, CancellationToken.None);
        Assert.Equal(Time.GetUtcNow(), read.Team.Single(m => m.InspectorId == "i-002").DeclarationSignedAt);
    }

    [Fact]
    public async Task Should_recuse_the_subject_of_a_report_until_its_case_closes()
    {
        var tour = await PlannedTourAsync(TargetKinds.Division, "370827");
        var reportId = Guid.NewGuid();
        var caseId = Guid.NewGuid();
        await InTransactionAsync(t => ProjectionStore.ReportReceivedAsync(t, reportId, Time.GetUtcNow(), ["370800"], ["u-370800-discipline"], ["c-0007"], tourId: null, default));

        Assert.Equal(RecusalRules.OpenCaseSubject, Assert.Single(await Planning.CheckAsync(tour.Id, ["i-005"], CancellationToken.None)).Rule);
        await InTransactionAsync(t => ProjectionStore.LinkAsync(t, caseId, [reportId], default));
        await InTransactionAsync(t => ProjectionStore.MarkCaseAsync(t, caseId, substantiated: null, late: false, closed: true, default));
        Assert.Empty(await Planning.CheckAsync(tour.Id, ["i-005"], CancellationToken.None));
    }
}
