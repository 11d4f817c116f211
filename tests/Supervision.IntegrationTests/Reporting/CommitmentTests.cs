using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;
using Supervision.Reporting.V1;
using static Supervision.IntegrationTests.Reporting.Openness;
using static Supervision.IntegrationTests.Reporting.ReportingCalls;

namespace Supervision.IntegrationTests.Reporting;

/// <summary>
/// Public commitments (承诺践诺) and codes of conduct (日常行为规范) through the real API: published and assessed once by the
/// division's oversight officers, refused to anyone else, and read by the public without a token.
/// </summary>
public sealed class CommitmentTests(PlatformFixture platform)
{
    private const string Unit = "u-370830-civil-affairs";

    [Fact]
    public async Task Should_publish_a_commitment_assess_it_once_and_show_it_to_the_public()
    {
        var published = await platform.Commitments.PublishCommitmentAsync(Commitment(), Officer);
        Assert.Equal((CommitmentStatus.Pending, "冯瑶", "pending"), (published.Status, published.CadreName, published.StatusName));
        var assess = new AssessCommitmentRequest { CommitmentId = published.CommitmentId, Status = CommitmentStatus.Kept, Assessment = "已按期建成并投入使用" };
        var kept = await platform.Commitments.AssessCommitmentAsync(assess, Officer);
        Assert.Equal(CommitmentStatus.Kept, kept.Status);
        var twice = await Assert.ThrowsAsync<RpcException>(() => platform.Commitments.AssessCommitmentAsync(assess,
            Chinese(PlatformFixture.StaffHeaders(Division, Roles.OversightOfficer))).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.Contains("已践诺", twice.Status.Detail);

        var listed = await platform.PublicOpenness.ListCommitmentsAsync(new ListOpennessRequest { DivisionCode = Division, PageSize = 100 },
            PlatformFixture.PublicCaller());
        Assert.Equal(("已按期建成并投入使用", CommitmentStatus.Kept), listed.Commitments.Where(c => c.CommitmentId == published.CommitmentId)
            .Select(c => (c.Assessment, c.Status)).Single());

        await RefusedAsync(StatusCode.NotFound, platform.PublicOpenness.GetCodeOfConductAsync(new GetCodeOfConductRequest { UnitId = "u-370830-market" },
            PlatformFixture.PublicCaller()).ResponseAsync);
        var first = await platform.Commitments.PublishCodeOfConductAsync(new PublishCodeOfConductRequest { UnitId = Unit, Text = "一次告知、限时办结" }, Officer);
        var second = await platform.Commitments.PublishCodeOfConductAsync(new PublishCodeOfConductRequest { UnitId = Unit, Text = "一次告知、限时办结、首问负责" },
            Officer);
        Assert.Equal(first.Version + 1, second.Version);
        var current = await platform.PublicOpenness.GetCodeOfConductAsync(new GetCodeOfConductRequest { UnitId = Unit }, PlatformFixture.PublicCaller());
        Assert.Equal((second.Version, "一次告知、限时办结、首问负责"), (current.Version, current.Text));
    }

    [Fact]
    public async Task Should_let_only_the_divisions_oversight_officers_write()
    {
        var published = await platform.Commitments.PublishCommitmentAsync(Commitment(), Officer);
        var methods = new (string Name, Func<Metadata, Task> Call)[]
        {
            ("PublishCommitment", h => platform.Commitments.PublishCommitmentAsync(Commitment(), h).ResponseAsync),
            ("AssessCommitment", h => platform.Commitments.AssessCommitmentAsync(new AssessCommitmentRequest
            {
                CommitmentId = published.CommitmentId, Status = CommitmentStatus.NotKept, Assessment = "未按期完成",
            }, h).ResponseAsync),
            ("PublishCodeOfConduct", h => platform.Commitments.PublishCodeOfConductAsync(new PublishCodeOfConductRequest { UnitId = Unit, Text = "廉洁自律" }, h)
                .ResponseAsync),
        };
        foreach (var (name, call) in methods)
        {
            Assert.Equal((name, StatusCode.Unauthenticated), (name, await StatusOfAsync(call([]))));
            Assert.Equal((name, StatusCode.PermissionDenied), (name, await StatusOfAsync(call(PlatformFixture.StaffHeaders(Division, Roles.Auditor)))));
            Assert.Equal((name, StatusCode.PermissionDenied), (name, await StatusOfAsync(call(PlatformFixture.StaffHeaders("370811", Roles.OversightOfficer)))));
            Assert.Equal((name, StatusCode.OK), (name, await StatusOfAsync(call(Officer))));
        }
        var foreign = Commitment();
        foreign.CadreId = "c-0247";
        Assert.Equal("a cadre of that unit", Reports.Violations(await Assert.ThrowsAsync<RpcException>(() =>
            platform.Commitments.PublishCommitmentAsync(foreign, Officer).ResponseAsync))["cadre_id"]);
    }

    private static PublishCommitmentRequest Commitment() => new()
    {
        UnitId = Unit, CadreId = "c-0248", Commitment = "年内实现低保审批“一次办好”", DueBy = DateTime.UtcNow.AddDays(60).ToString("yyyy-MM-dd"),
        IdempotencyKey = Key("commitment"),
    };
}
