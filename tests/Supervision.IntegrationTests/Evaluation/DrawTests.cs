using System.Security.Cryptography;
using System.Text;
using Dapper;
using Grpc.Core;
using Npgsql;
using Supervision.Evaluation.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Evaluation;

/// <summary>Draws for targeted evaluations through the real API: commit, reveal, verify, conflicts and substitutes.</summary>
public sealed class DrawTests(PlatformFixture platform)
{
    [Fact]
    public async Task Should_publish_roster_hash_and_commitment_first_then_reveal_a_draw_anyone_can_rerun()
    {
        var unit = await UnitWithEmployeesAsync();
        var committed = await platform.Draws.CommitDrawAsync(new CommitDrawRequest
        {
            UnitId = unit, Seats = 30, Substitutes = 6, Purpose = "本季度投诉集中",
        }, PanelRequests.CityOfficer);
        Assert.Equal(DrawStatus.Committed, committed.Status);
        Assert.Empty(committed.Seed);
        Assert.Empty(committed.Selected);
        Assert.True(committed.Excluded["employee"] > 0);
        Assert.Equal(Hex(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(committed.Roster.Select(l => l + "\n"))))), committed.RosterHash);

        var revealed = await platform.Draws.RevealDrawAsync(new RevealDrawRequest { DrawId = committed.DrawId, PublicEntropy = "福彩3D 2026327期 5 1 8" },
            PanelRequests.CityOfficer);
        Assert.Equal(DrawStatus.Revealed, revealed.Status);
        Assert.Equal(committed.Commitment, Hex(SHA256.HashData(Convert.FromHexString(revealed.Seed))));
        Assert.Equal(30, revealed.Selected.Count);
        Assert.Equal(6, revealed.GrassrootsSubstitutes.Count + revealed.OtherSubstitutes.Count);
        var roster = revealed.Roster.Select(l => l.Split(',')).ToDictionary(p => int.Parse(p[0]), p => p[1] == "g");
        Assert.True(revealed.Selected.Count(n => roster[n]) >= 24);

        // Anyone re-runs it from the published data alone, and the service checks its own record.
        var rerun = await platform.PublicDraws.VerifyDrawAsync(new VerifyDrawRequest
        {
            Roster = { revealed.Roster }, Seed = revealed.Seed, PublicEntropy = revealed.PublicEntropy, Seats = revealed.Seats,
            Substitutes = revealed.Substitutes, GrassrootsShareMinimum = revealed.GrassrootsShareMinimum, Algorithm = revealed.Algorithm,
        });
        Assert.Equal(revealed.Selected, rerun.Selected);
        Assert.Equal(revealed.GrassrootsSubstitutes, rerun.GrassrootsSubstitutes);
        Assert.Equal(revealed.RosterHash, rerun.RosterHash);
        Assert.True((await platform.PublicDraws.VerifyDrawAsync(new VerifyDrawRequest { DrawId = revealed.DrawId })).MatchesPublished);

        // Another seed selects others: the published seed is what decided.
        var otherSeed = await platform.PublicDraws.VerifyDrawAsync(new VerifyDrawRequest
        {
            Roster = { revealed.Roster }, Seed = new string('0', 64), PublicEntropy = revealed.PublicEntropy, Seats = 30, Substitutes = 6,
            GrassrootsShareMinimum = 0.8, Algorithm = revealed.Algorithm,
        });
        Assert.NotEqual(revealed.Selected, otherSeed.Selected);

        var again = await Assert.ThrowsAsync<RpcException>(() => platform.Draws.RevealDrawAsync(new RevealDrawRequest { DrawId = committed.DrawId },
            PanelRequests.CityOfficer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task Should_exclude_employees_relatives_recent_draws_and_resigned_members_and_seat_substitutes_of_the_same_group()
    {
        var unit = await UnitWithEmployeesAsync();
        await using var connection = new NpgsqlConnection(platform.EvaluationDatabase);
        var conflicted = (await connection.QueryAsync<int>(
            "select panel_number from members where employer_unit_id = @unit or @unit = any(relative_unit_ids)", new { unit })).ToList();
        var resigned = await PanelRequests.AppointAsync(platform.Panel, PanelRequests.Application("enterprise"));
        await platform.Panel.RecordResignationAsync(new RecordResignationRequest { MemberId = resigned.MemberId, Reason = "迁居外地" }, PanelRequests.CityOfficer);

        var first = await CommitAndRevealAsync(unit);
        var onRoster = first.Roster.Select(l => int.Parse(l.Split(',')[0])).ToHashSet();
        Assert.NotEmpty(conflicted);
        Assert.Empty(onRoster.Intersect(conflicted));
        Assert.DoesNotContain(resigned.PanelNumber, onRoster);

        // The first drawn member of each group cannot serve: the group's first substitute takes the seat.
        var grassroots = first.Roster.Where(l => l.Split(',')[1] == "g").Select(l => int.Parse(l.Split(',')[0])).ToHashSet();
        var released = first.Selected.First(grassroots.Contains);
        var replaced = await platform.Draws.ReplaceDrawnMemberAsync(new ReplaceDrawnMemberRequest
        {
            DrawId = first.DrawId, PanelNumber = released, Reason = "出差在外",
        }, PanelRequests.CityOfficer);
        var seat = Assert.Single(replaced.SeatsHeld, s => s.Replaces == released);
        Assert.Equal(first.GrassrootsSubstitutes[0], seat.PanelNumber);
        Assert.DoesNotContain(replaced.SeatsHeld, s => s.PanelNumber == released);
        Assert.Equal(first.Selected, replaced.Selected);
        Assert.True((await platform.PublicDraws.VerifyDrawAsync(new VerifyDrawRequest { DrawId = first.DrawId })).MatchesPublished);

        // Whoever holds a seat now was drawn recently: the next draw leaves them off.
        var second = await platform.Draws.CommitDrawAsync(new CommitDrawRequest
        {
            UnitId = "u-370800-education", Seats = 10, Substitutes = 2, Purpose = "复查",
        }, PanelRequests.CityOfficer);
        var secondRoster = second.Roster.Select(l => int.Parse(l.Split(',')[0])).ToHashSet();
        Assert.Empty(secondRoster.Intersect(replaced.SeatsHeld.Select(s => s.PanelNumber)));
        Assert.True(second.Excluded["drawn-recently"] >= 30);
    }

    [Fact]
    public async Task Should_refuse_bad_draw_requests_naming_the_field_and_let_only_evaluation_officers_draw()
    {
        var officer = PanelRequests.CityOfficer;
        var cases = new (Func<Task> Call, string Field)[]
        {
            (() => platform.Draws.CommitDrawAsync(new CommitDrawRequest { UnitId = "u-nowhere", Seats = 5, Purpose = "p" }, officer).ResponseAsync, "unit_id"),
            (() => platform.Draws.CommitDrawAsync(new CommitDrawRequest { UnitId = "u-370800-education", Seats = 0, Purpose = "p" }, officer).ResponseAsync, "seats"),
            (() => platform.Draws.CommitDrawAsync(new CommitDrawRequest { UnitId = "u-370800-education", Seats = 5, Substitutes = -1, Purpose = "p" }, officer).ResponseAsync, "substitutes"),
            (() => platform.Draws.CommitDrawAsync(new CommitDrawRequest { UnitId = "u-370800-education", Seats = 5 }, officer).ResponseAsync, "purpose"),
            (() => platform.Draws.RevealDrawAsync(new RevealDrawRequest { DrawId = "draw-1" }, officer).ResponseAsync, "draw_id"),
            (() => platform.Draws.ReplaceDrawnMemberAsync(new ReplaceDrawnMemberRequest { DrawId = Guid.NewGuid().ToString(), Reason = "r" }, officer).ResponseAsync, "panel_number"),
            (() => platform.PublicDraws.VerifyDrawAsync(new VerifyDrawRequest { Roster = { "1,g,370811", "two,g,370811" }, Seed = new string('0', 64), Seats = 1, Algorithm = "stratified-v1" }).ResponseAsync, "roster[1]"),
            (() => platform.PublicDraws.VerifyDrawAsync(new VerifyDrawRequest { Roster = { "1,g,370811" }, Seed = "abc", Seats = 1, Algorithm = "stratified-v1" }).ResponseAsync, "seed"),
            (() => platform.PublicDraws.VerifyDrawAsync(new VerifyDrawRequest { Roster = { "1,g,370811" }, Seed = new string('0', 64), Seats = 1, Algorithm = "lottery" }).ResponseAsync, "algorithm"),
            (() => platform.PublicDraws.VerifyDrawAsync(new VerifyDrawRequest { Roster = { "1,g,370811" }, Seed = new string('0', 64), Seats = 2, Algorithm = "stratified-v1" }).ResponseAsync, "seats"),
        };
        foreach (var (call, field) in cases)
        {
            var violations = Reports.Violations(await Assert.ThrowsAsync<RpcException>(call));
            Assert.True(violations.ContainsKey(field), $"expected {field}, got {string.Join(", ", violations.Keys)}");
        }

        foreach (var role in Roles.All.Where(r => r != Roles.EvaluationOfficer))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => platform.Draws.CommitDrawAsync(new CommitDrawRequest
            {
                UnitId = "u-370800-education", Seats = 5, Purpose = "p",
            }, PlatformFixture.StaffHeaders("370800", role)).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        }
        var county = await Assert.ThrowsAsync<RpcException>(() => platform.Draws.CommitDrawAsync(new CommitDrawRequest
        {
            UnitId = "u-370800-education", Seats = 5, Purpose = "p",
        }, PlatformFixture.StaffHeaders("370811", Roles.EvaluationOfficer)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, county.StatusCode);
        var missing = await Assert.ThrowsAsync<RpcException>(() => platform.PublicDraws.GetPublishedDrawAsync(new GetPublishedDrawRequest { DrawId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    private async Task<PublishedDraw> CommitAndRevealAsync(string unit)
    {
        var committed = await platform.Draws.CommitDrawAsync(new CommitDrawRequest { UnitId = unit, Seats = 30, Substitutes = 6, Purpose = "定向评议" },
            PanelRequests.CityOfficer);
        return await platform.Draws.RevealDrawAsync(new RevealDrawRequest { DrawId = committed.DrawId, PublicEntropy = "" }, PanelRequests.CityOfficer);
    }

    /// <summary>A city unit some demo members work in.</summary>
    private async Task<string> UnitWithEmployeesAsync()
    {
        await using var connection = new NpgsqlConnection(platform.EvaluationDatabase);
        return (await connection.ExecuteScalarAsync<string>(
            """
            select employer_unit_id from members where employer_unit_id like 'u-370800-%'
            group by employer_unit_id order by count(*) desc, employer_unit_id limit 1
            """))!;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
