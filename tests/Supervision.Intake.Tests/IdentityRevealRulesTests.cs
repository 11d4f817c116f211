using Supervision.Intake.Data;
using Supervision.Intake.Domain;
using Supervision.Intake.V1;
using Supervision.Reference;

namespace Supervision.Intake.Tests;

public sealed class IdentityRevealRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private static readonly RevealRequestRecord Pending = new()
    {
        Id = Guid.CreateVersion7(), ReportId = Guid.CreateVersion7(), State = (short)IdentityRevealState.Pending,
        RequestedBy = "officer-wang", RequesterRole = "oversight-officer", Reason = "实名举报，需电话反馈办理结果", RequestedAt = Now.UtcDateTime,
    };

    [Fact]
    public void Should_never_let_a_requester_decide_their_own_request()
    {
        Assert.Throws<DomainRuleException>(() => IdentityReveals.Decide(Pending, "officer-wang", IdentityRevealState.Approved, "", Now));
        Assert.Throws<DomainRuleException>(() => IdentityReveals.Decide(Pending, "officer-wang", IdentityRevealState.Denied, "不需要", Now));
    }

    [Fact]
    public void Should_decide_a_pending_request_once()
    {
        var approved = IdentityReveals.Decide(Pending, "officer-li", IdentityRevealState.Approved, "", Now);

        Assert.Equal(((short)IdentityRevealState.Approved, "officer-li"), (approved.State, approved.DecidedBy));
        Assert.Throws<DomainRuleException>(() => IdentityReveals.Decide(approved, "officer-zhao", IdentityRevealState.Denied, "迟到的拒绝", Now));
    }

    [Fact]
    public void Should_let_only_the_requester_reveal_once_within_the_window()
    {
        var approved = IdentityReveals.Decide(Pending, "officer-li", IdentityRevealState.Approved, "", Now);

        Assert.Throws<DomainRuleException>(() => IdentityReveals.Reveal(Pending, "officer-wang", Now, Window));
        Assert.Throws<DomainRuleException>(() => IdentityReveals.Reveal(approved, "officer-li", Now, Window));
        Assert.Throws<DomainRuleException>(() => IdentityReveals.Reveal(approved, "officer-wang", Now + Window, Window));
        var revealed = IdentityReveals.Reveal(approved, "officer-wang", Now + Window - TimeSpan.FromMinutes(1), Window);
        Assert.Equal((short)IdentityRevealState.Revealed, revealed.State);
        Assert.Throws<DomainRuleException>(() => IdentityReveals.Reveal(revealed, "officer-wang", Now, Window));
    }

    [Fact]
    public void Should_show_an_unused_approval_as_expired_after_the_window()
    {
        var approved = IdentityReveals.Decide(Pending, "officer-li", IdentityRevealState.Approved, "", Now);

        Assert.Equal(IdentityRevealState.Approved, IdentityReveals.StateAt(approved, Now + Window - TimeSpan.FromSeconds(1), Window));
        Assert.Equal(IdentityRevealState.Expired, IdentityReveals.StateAt(approved, Now + Window, Window));
        Assert.Equal(IdentityRevealState.Pending, IdentityReveals.StateAt(Pending, Now + Window * 10, Window));
    }
}
