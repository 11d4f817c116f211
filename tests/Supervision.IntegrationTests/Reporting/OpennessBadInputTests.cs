using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Reporting.V1;
using static Supervision.IntegrationTests.Reporting.Openness;

namespace Supervision.IntegrationTests.Reporting;

/// <summary>Bad input to the openness methods is INVALID_ARGUMENT with a field violation naming the field and its rule, never INTERNAL.</summary>
public sealed class OpennessBadInputTests(PlatformFixture platform)
{
    public static readonly TheoryData<string, string> BadVacancies = new()
    {
        { "unknown unit", "unit_id" },
        { "no post", "post" },
        { "post too long", "post" },
        { "no posts", "posts" },
        { "too many posts", "posts" },
        { "no requirements", "requirements" },
        { "method too long", "method" },
        { "only spaces as procedure", "procedure" },
        { "short idempotency key", "idempotency_key" },
    };

    public static readonly TheoryData<string, string> BadStages = new()
    {
        { "vacancy id not a uuid", "vacancy_id" },
        { "no stage", "stage" },
        { "concluded is not a stage to complete", "stage" },
        { "a candidate twice", "candidate_cadre_ids[3]" },
        { "unknown candidate", "candidate_cadre_ids[0]" },
    };

    public static readonly TheoryData<string, string> BadPublicities = new()
    {
        { "unknown cadre", "cadre_id" },
        { "no residential community", "residential_community" },
        { "conduct record too long", "conduct_record" },
        { "vacancy id not a uuid", "vacancy_id" },
        { "idempotency key with spaces", "idempotency_key" },
    };

    public static readonly TheoryData<string, string> BadDecisions = new()
    {
        { "no decision", "decision" },
        { "withdrawal without a reason", "reason" },
        { "appointment with a reason", "reason" },
        { "publicity id not a uuid", "publicity_id" },
    };

    public static readonly TheoryData<string, string> BadObjections = new()
    {
        { "publicity id not a uuid", "publicity_id" },
        { "no objector", "objector" },
        { "anonymous with a phone", "objector.phone" },
        { "anonymous asking for a letter", "objector.feedback" },
        { "real name without a name", "objector.name" },
        { "phone not a phone", "objector.phone" },
        { "id number check digit", "objector.id_number" },
        { "account too short", "account" },
        { "no idempotency key", "idempotency_key" },
    };

    [Theory]
    [MemberData(nameof(BadVacancies))]
    public async Task Should_refuse_a_bad_vacancy_naming_the_field(string badness, string field)
    {
        var request = Vacancy();
        switch (badness)
        {
            case "unknown unit": request.UnitId = "u-nowhere"; break;
            case "no post": request.Post = ""; break;
            case "post too long": request.Post = new string('职', 101); break;
            case "no posts": request.Posts = 0; break;
            case "too many posts": request.Posts = 21; break;
            case "no requirements": request.Requirements = ""; break;
            case "method too long": request.Method = new string('法', 2001); break;
            case "only spaces as procedure": request.Procedure = "   "; break;
            case "short idempotency key": request.IdempotencyKey = "short"; break;
        }
        await AssertViolationAsync(platform.Selection.PublishVacancyAsync(request, Officer).ResponseAsync, field);
    }

    [Theory]
    [MemberData(nameof(BadStages))]
    public async Task Should_refuse_a_bad_stage_naming_the_field(string badness, string field)
    {
        var request = new AdvanceSelectionRequest
        {
            VacancyId = Guid.NewGuid().ToString(), Stage = SelectionStage.Nomination, CandidateCadreIds = { "c-0242", "c-0243", "c-0244" },
        };
        switch (badness)
        {
            case "vacancy id not a uuid": request.VacancyId = "v-1"; break;
            case "no stage": request.Stage = SelectionStage.Unspecified; break;
            case "concluded is not a stage to complete": request.Stage = SelectionStage.Concluded; break;
            case "a candidate twice": request.CandidateCadreIds.Add("c-0242"); break;
            case "unknown candidate": request.CandidateCadreIds[0] = "c-0000"; break;
        }
        await AssertViolationAsync(platform.Selection.AdvanceSelectionAsync(request, Officer).ResponseAsync, field);
    }

    [Theory]
    [MemberData(nameof(BadPublicities))]
    public async Task Should_refuse_a_bad_publicity_naming_the_field(string badness, string field)
    {
        var request = Publicity("c-0239");
        switch (badness)
        {
            case "unknown cadre": request.CadreId = "c-0000"; break;
            case "no residential community": request.ResidentialCommunity = ""; break;
            case "conduct record too long": request.ConductRecord = new string('德', 2001); break;
            case "vacancy id not a uuid": request.VacancyId = "vacancy-7"; break;
            case "idempotency key with spaces": request.IdempotencyKey = "key with spaces 0001"; break;
        }
        await AssertViolationAsync(platform.Selection.OpenPublicityAsync(request, Officer).ResponseAsync, field);
    }

    [Theory]
    [MemberData(nameof(BadDecisions))]
    public async Task Should_refuse_a_bad_decision_naming_the_field(string badness, string field)
    {
        var request = new DecideAppointmentRequest { PublicityId = Guid.NewGuid().ToString(), Decision = AppointmentDecision.Withdraw, Reason = "调整" };
        switch (badness)
        {
            case "no decision": request.Decision = AppointmentDecision.Unspecified; break;
            case "withdrawal without a reason": request.Reason = ""; break;
            case "appointment with a reason": request.Decision = AppointmentDecision.Appoint; break;
            case "publicity id not a uuid": request.PublicityId = "p-1"; break;
        }
        await AssertViolationAsync(platform.Selection.DecideAppointmentAsync(request, Officer).ResponseAsync, field);
    }

    [Theory]
    [MemberData(nameof(BadObjections))]
    public async Task Should_refuse_a_bad_objection_naming_the_field(string badness, string field)
    {
        var request = Objection(Guid.NewGuid().ToString());
        switch (badness)
        {
            case "publicity id not a uuid": request.PublicityId = "notice-1"; break;
            case "no objector": request.Objector = null; break;
            case "anonymous with a phone": request.Objector = new Objector { Anonymous = true, Phone = "13700001111" }; break;
            case "anonymous asking for a letter": request.Objector = new Objector { Anonymous = true, Feedback = ObjectionFeedback.Letter }; break;
            case "real name without a name": request.Objector.Name = ""; break;
            case "phone not a phone": request.Objector.Phone = "12345"; break;
            case "id number check digit": request.Objector.IdNumber = "110105194912310021"; break;
            case "account too short": request.Account = "有意见"; break;
            case "no idempotency key": request.IdempotencyKey = ""; break;
        }
        await AssertViolationAsync(platform.PublicOpenness.SubmitObjectionAsync(request, PlatformFixture.PublicCaller()).ResponseAsync, field);
    }

    [Fact]
    public async Task Should_refuse_an_unknown_division_in_a_public_listing() =>
        await AssertViolationAsync(platform.PublicOpenness.ListVacanciesAsync(new ListOpennessRequest { DivisionCode = "999999" },
            PlatformFixture.PublicCaller()).ResponseAsync, "division_code");

    private static async Task AssertViolationAsync(Task call, string field)
    {
        var violations = Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => call));
        Assert.True(violations.ContainsKey(field), $"{field} not in {string.Join(", ", violations.Keys)}");
        Assert.False(string.IsNullOrWhiteSpace(violations[field]));
    }
}
