using Grpc.Core;
using Supervision.Evaluation.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Evaluation;

/// <summary>
/// Targeted-evaluation proposals (定向评议) through the real API: complaints about a unit reach routing, evaluation counts them
/// from the events, proposes the unit once over the thresholds (data/evaluation/panel.json: at least 8 in 3 months and twice the
/// city median), and staff accept it (a draw is committed for the unit) or dismiss it with a reason.
/// </summary>
public sealed class TargetedProposalTests(PlatformFixture platform)
{
    private static readonly Metadata Weishan = PlatformFixture.StaffHeaders("370826", Roles.EvaluationOfficer);
    private static readonly Metadata OtherCounty = PlatformFixture.StaffHeaders("370828", Roles.EvaluationOfficer);

    [Fact]
    public async Task Should_propose_a_unit_with_many_complaints_once_and_commit_a_draw_for_it_when_accepted()
    {
        const string unit = "u-370826-health";
        const string cadre = "c-0126";
        var proposal = await ComplainUntilProposedAsync(unit, cadre, 12);
        Assert.Equal("370826", proposal.DivisionCode);
        Assert.Equal(3, proposal.WindowMonths);
        Assert.InRange(proposal.Complaints, 8, 12);
        Assert.True(proposal.Complaints >= 2 * proposal.CityMedian, $"{proposal.Complaints} complaints against a median of {proposal.CityMedian}");
        Assert.Equal($"{proposal.Complaints} complaints in the last 3 months; city median {proposal.CityMedian:0.#}", proposal.Reasons);

        // The reasons in Chinese, by default.
        var inChinese = new Metadata { { "accept-language", "zh-CN" } };
        foreach (var header in Weishan)
        {
            inChinese.Add(header);
        }
        var chinese = await platform.TargetedEvaluations.ListProposalsAsync(new ListProposalsRequest { DivisionCode = "370826" }, inChinese);
        Assert.Contains(chinese.Proposals, p => p.ProposalId == proposal.ProposalId
                                                && p.Reasons == $"近3个月{proposal.Complaints}件投诉，全市中位数{proposal.CityMedian:0.#}件"
                                                && p.UnitName == "微山县卫生健康局");

        // Another county's officer neither sees nor decides it.
        var elsewhere = await platform.TargetedEvaluations.ListProposalsAsync(new ListProposalsRequest(), OtherCounty);
        Assert.DoesNotContain(elsewhere.Proposals, p => p.ProposalId == proposal.ProposalId);
        var denied = await Assert.ThrowsAsync<RpcException>(() => platform.TargetedEvaluations.AcceptProposalAsync(new AcceptProposalRequest
        {
            ProposalId = proposal.ProposalId, Seats = 20, Substitutes = 4, Purpose = "投诉集中",
        }, OtherCounty).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        var accepted = await platform.TargetedEvaluations.AcceptProposalAsync(new AcceptProposalRequest
        {
            ProposalId = proposal.ProposalId, Seats = 20, Substitutes = 4, Purpose = "近三个月投诉集中，定向评议",
        }, Weishan);
        Assert.Equal(ProposalStatus.Accepted, accepted.Proposal.Status);
        Assert.Equal(accepted.Draw.DrawId, accepted.Proposal.DrawId);
        Assert.Equal(unit, accepted.Draw.UnitId);
        Assert.Equal(DrawStatus.Committed, accepted.Draw.Status);
        Assert.Equal(20, accepted.Draw.Seats);

        // The draw goes on as any other: published, then revealed, and anyone can check it.
        var published = await platform.PublicDraws.GetPublishedDrawAsync(new GetPublishedDrawRequest { DrawId = accepted.Draw.DrawId });
        Assert.Equal(accepted.Draw.Commitment, published.Commitment);
        var revealed = await platform.Draws.RevealDrawAsync(new RevealDrawRequest { DrawId = accepted.Draw.DrawId, PublicEntropy = "福彩3D 2026328期 2 7 4" },
            Weishan);
        Assert.Equal(20, revealed.Selected.Count);
        Assert.True((await platform.PublicDraws.VerifyDrawAsync(new VerifyDrawRequest { DrawId = revealed.DrawId })).MatchesPublished);

        var again = await Assert.ThrowsAsync<RpcException>(() => platform.TargetedEvaluations.DismissProposalAsync(new DismissProposalRequest
        {
            ProposalId = proposal.ProposalId, Reason = "重复",
        }, Weishan).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Contains("already accepted", again.Status.Detail);

        // More complaints in the same window propose the unit no second time.
        await ComplainAsync(unit, cadre, 2);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var all = await platform.TargetedEvaluations.ListProposalsAsync(new ListProposalsRequest { DivisionCode = "370826", PageSize = 100 }, Weishan);
        Assert.Single(all.Proposals, p => p.UnitId == unit);
    }

    [Fact]
    public async Task Should_let_an_officer_dismiss_a_proposal_with_a_reason_and_refuse_bad_decisions()
    {
        const string unit = "u-370826-housing";
        const string cadre = "c-0125";
        var proposal = await ComplainUntilProposedAsync(unit, cadre, 12);

        var bad = await Assert.ThrowsAsync<RpcException>(() => platform.TargetedEvaluations.DismissProposalAsync(new DismissProposalRequest
        {
            ProposalId = proposal.ProposalId,
        }, Weishan).ResponseAsync);
        Assert.Contains("reason", Reports.Violations(bad).Keys);
        var badSeats = await Assert.ThrowsAsync<RpcException>(() => platform.TargetedEvaluations.AcceptProposalAsync(new AcceptProposalRequest
        {
            ProposalId = proposal.ProposalId, Seats = 0, Substitutes = -1, Purpose = "",
        }, Weishan).ResponseAsync);
        Assert.Equal(["purpose", "seats", "substitutes"], Reports.Violations(badSeats).Keys.Order());
        var unknown = await Assert.ThrowsAsync<RpcException>(() => platform.TargetedEvaluations.DismissProposalAsync(new DismissProposalRequest
        {
            ProposalId = Guid.NewGuid().ToString(), Reason = "不需要",
        }, Weishan).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var reader = await Assert.ThrowsAsync<RpcException>(() => platform.TargetedEvaluations.DismissProposalAsync(new DismissProposalRequest
        {
            ProposalId = proposal.ProposalId, Reason = "不需要",
        }, PlatformFixture.StaffHeaders("370826", Roles.Auditor)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, reader.StatusCode);

        var dismissed = await platform.TargetedEvaluations.DismissProposalAsync(new DismissProposalRequest
        {
            ProposalId = proposal.ProposalId, Reason = "投诉系同一事项重复反映，已在常规督办中处理。",
        }, Weishan);
        Assert.Equal(ProposalStatus.Dismissed, dismissed.Proposal.Status);
        Assert.Equal("投诉系同一事项重复反映，已在常规督办中处理。", dismissed.Proposal.DismissalReason);
        Assert.Null(dismissed.Draw);
        Assert.Empty(dismissed.Proposal.DrawId);

        var listed = await platform.TargetedEvaluations.ListProposalsAsync(new ListProposalsRequest
        {
            DivisionCode = "370826", Status = ProposalStatus.Dismissed, PageSize = 100,
        }, PlatformFixture.StaffHeaders("370800", Roles.Auditor));
        Assert.Contains(listed.Proposals, p => p.ProposalId == proposal.ProposalId);
        Assert.All(listed.Proposals, p => Assert.Equal(ProposalStatus.Dismissed, p.Status));

        var accepted = await Assert.ThrowsAsync<RpcException>(() => platform.TargetedEvaluations.AcceptProposalAsync(new AcceptProposalRequest
        {
            ProposalId = proposal.ProposalId, Seats = 10, Substitutes = 2, Purpose = "改为评议",
        }, Weishan).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, accepted.StatusCode);
    }

    private async Task<TargetedProposal> ComplainUntilProposedAsync(string unit, string cadre, int complaints)
    {
        await ComplainAsync(unit, cadre, complaints);
        var listed = await Eventually.ReachedAsync(
            () => platform.TargetedEvaluations.ListProposalsAsync(new ListProposalsRequest
            {
                DivisionCode = "370826", Status = ProposalStatus.Proposed, PageSize = 100,
            }, Weishan).ResponseAsync,
            r => r.Proposals.Any(p => p.UnitId == unit), $"{unit} is proposed for a targeted evaluation", TimeSpan.FromSeconds(90));
        return listed.Proposals.Single(p => p.UnitId == unit);
    }

    private async Task ComplainAsync(string unit, string cadre, int count)
    {
        var clerk = PlatformFixture.StaffHeaders("370826", Roles.IntakeClerk);
        for (var i = 0; i < count; i++)
        {
            var request = Reports.Anonymous(Channel.Hotline, "370826");
            request.Subjects.Clear();
            // Every third names one of the unit's cadres: a complaint about a cadre counts for the cadre's unit.
            request.Subjects.Add(i % 3 == 2 ? new Subject { CadreId = cadre } : new Subject { UnitId = unit, DivisionCode = "370826" });
            request.Account = $"窗口办事推诿拖延，第{i + 1}次反映。";
            await platform.Public.SubmitReportAsync(request, clerk);
        }
    }
}
