using Grpc.Core;
using Supervision.Platform;
using Supervision.Reporting.V1;
using Supervision.IntegrationTests.Infrastructure;

namespace Supervision.IntegrationTests.Reporting;

/// <summary>Requests the openness scenarios share, in 370830 with its own cadres (c-0236 to c-0248), which no other test reports about.</summary>
internal static class Openness
{
    public const string Division = "370830";

    public static readonly Metadata Officer = PlatformFixture.StaffHeaders(Division, Roles.OversightOfficer);

    public static string Key(string what) => what + "-" + Guid.NewGuid().ToString("N");

    public static PublishVacancyRequest Vacancy(int posts = 2, string unitId = "u-370830-approval") => new()
    {
        UnitId = unitId, Post = "副局长", Posts = posts, Requirements = "大学本科以上学历，具有5年以上相关工作经历",
        Method = "公开遴选，全程差额", Procedure = "发布公告、报名、资格审查、推荐、考察、酝酿、票决、公示", IdempotencyKey = Key("vacancy"),
    };

    public static OpenPublicityRequest Publicity(string cadreId, string vacancyId = "") => new()
    {
        CadreId = cadreId, ProposedPost = "县市场监督管理局局长", BasicFacts = "男，1979年6月生，大学学历，中共党员",
        ConductRecord = "近三年年度考核均为优秀，无违纪记录", ResidentialCommunity = "汶上县中都街道东门社区", VacancyId = vacancyId, IdempotencyKey = Key("publicity"),
    };

    public static SubmitObjectionRequest Objection(string publicityId, Objector? objector = null) => new()
    {
        PublicityId = publicityId,
        Objector = objector ?? new Objector { Name = "赵立新", Phone = "13700001111", Feedback = ObjectionFeedback.Phone },
        Account = "该同志在原单位工作期间多次违规接受管理服务对象宴请，群众有意见。",
        IdempotencyKey = Key("objection"),
    };

    public static async Task<Vacancy> ConcludedAsync(PlatformFixture platform, string[] candidates)
    {
        var vacancy = await platform.Selection.PublishVacancyAsync(Vacancy(), Officer);
        foreach (var stage in new[] { SelectionStage.Nomination, SelectionStage.Recommendation, SelectionStage.Inspection, SelectionStage.Deliberation,
                     SelectionStage.Vote })
        {
            vacancy = await platform.Selection.AdvanceSelectionAsync(
                new AdvanceSelectionRequest { VacancyId = vacancy.VacancyId, Stage = stage, CandidateCadreIds = { candidates } }, Officer);
        }
        return vacancy;
    }
}
