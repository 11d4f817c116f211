using Grpc.Core;
using Supervision.Evaluation.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.IntegrationTests.Evaluation;

/// <summary>Well-formed panel requests and the callers that make them.</summary>
internal static class PanelRequests
{
    public static Metadata CityOfficer => PlatformFixture.StaffHeaders("370800", Roles.EvaluationOfficer);

    /// <summary>A valid application; each call has its own phone and ID number.</summary>
    public static SubmitApplicationRequest Application(string sector = "ordinary-citizen", string division = "370811001", string birthDate = "1980-05-01")
    {
        var sequence = Random.Shared.Next(100, 999).ToString();
        var first17 = division[..6] + birthDate.Replace("-", "") + sequence;
        return new SubmitApplicationRequest
        {
            Name = "测试申请人",
            Gender = Gender.Female,
            BirthDate = birthDate,
            Sector = sector,
            DivisionCode = division,
            Nomination = Nomination.Self,
            Employer = "济宁某商贸有限公司",
            Phone = "139" + Random.Shared.Next(10_000_000, 99_999_999),
            IdNumber = first17 + PersonalDataRules.ResidentIdCheckCharacter(first17),
            Address = "济宁市任城区古槐路" + Random.Shared.Next(1, 999) + "号",
        };
    }

    public static async Task<Member> AppointAsync(Panel.PanelClient panel, SubmitApplicationRequest request)
    {
        var application = await panel.SubmitApplicationAsync(request, CityOfficer);
        var vetted = await panel.VetApplicationAsync(new VetApplicationRequest
        {
            ApplicationId = application.ApplicationId, Decision = VetDecision.Appoint,
        }, CityOfficer);
        return vetted.Member;
    }
}
