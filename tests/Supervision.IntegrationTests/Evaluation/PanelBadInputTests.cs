using Dapper;
using Grpc.Core;
using Npgsql;
using Supervision.Evaluation.V1;
using Supervision.IntegrationTests.Infrastructure;

namespace Supervision.IntegrationTests.Evaluation;

/// <summary>Bad input is INVALID_ARGUMENT with a field violation naming the field, never INTERNAL, and stores nothing.</summary>
public sealed class PanelBadInputTests(PlatformFixture platform)
{
    public static readonly TheoryData<string, string> BadApplications = new()
    {
        { "no name", "name" },
        { "name too long", "name" },
        { "no gender", "gender" },
        { "birth date not a date", "birth_date" },
        { "birth date in the future", "birth_date" },
        { "unknown sector", "sector" },
        { "division code not a code", "division_code" },
        { "no nomination", "nomination" },
        { "organization without a body", "recommending_body" },
        { "self-nomination naming a body", "recommending_body" },
        { "employer too long", "employer" },
        { "unknown employer unit", "employer_unit_id" },
        { "unknown cadre", "serving_cadre_id" },
        { "unknown relative unit", "relative_unit_ids[1]" },
        { "relative unit twice", "relative_unit_ids[1]" },
        { "no phone", "phone" },
        { "phone not a phone", "phone" },
        { "id number check digit", "id_number" },
        { "id number of another birth date", "id_number" },
        { "no address", "address" },
    };

    [Theory]
    [MemberData(nameof(BadApplications))]
    public async Task Should_refuse_a_bad_application_naming_the_field(string badness, string field)
    {
        var request = PanelRequests.Application();
        Break(request, badness);
        var before = await CountApplicationsAsync();
        await AssertViolationAsync(() => platform.Panel.SubmitApplicationAsync(request, PanelRequests.CityOfficer).ResponseAsync, field);
        Assert.Equal(before, await CountApplicationsAsync());
    }

    public static readonly TheoryData<string, string> BadCalls = new()
    {
        { "vet: application id not a uuid", "application_id" },
        { "vet: no decision", "decision" },
        { "vet: rejection without a reason", "reason" },
        { "get member: id not a uuid", "member_id" },
        { "resign: no reason", "reason" },
        { "renew: reason too long", "reason" },
        { "list: page size too large", "page_size" },
        { "list: page token made up", "page_token" },
        { "list: unknown sector", "sector" },
        { "list: unknown division", "division_code" },
        { "list: unknown status", "status" },
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task Should_refuse_bad_panel_calls_naming_the_field(string badness, string field)
    {
        var officer = PanelRequests.CityOfficer;
        var panel = platform.Panel;
        var someMember = Guid.NewGuid().ToString();
        Func<Task> call = badness switch
        {
            "vet: application id not a uuid" => () => panel.VetApplicationAsync(new VetApplicationRequest { ApplicationId = "42", Decision = VetDecision.Appoint }, officer).ResponseAsync,
            "vet: no decision" => () => panel.VetApplicationAsync(new VetApplicationRequest { ApplicationId = someMember }, officer).ResponseAsync,
            "vet: rejection without a reason" => () => panel.VetApplicationAsync(new VetApplicationRequest { ApplicationId = someMember, Decision = VetDecision.Reject }, officer).ResponseAsync,
            "get member: id not a uuid" => () => panel.GetMemberAsync(new GetMemberRequest { MemberId = "member-1" }, officer).ResponseAsync,
            "resign: no reason" => () => panel.RecordResignationAsync(new RecordResignationRequest { MemberId = someMember }, officer).ResponseAsync,
            "renew: reason too long" => () => panel.RenewTermAsync(new RenewTermRequest { MemberId = someMember, Reason = new string('长', 501) }, officer).ResponseAsync,
            "list: page size too large" => () => panel.ListMembersAsync(new ListMembersRequest { PageSize = 501 }, officer).ResponseAsync,
            "list: page token made up" => () => panel.ListMembersAsync(new ListMembersRequest { PageToken = "bm90LWEtdG9rZW4" }, officer).ResponseAsync,
            "list: unknown sector" => () => panel.ListMembersAsync(new ListMembersRequest { Sector = "farmer" }, officer).ResponseAsync,
            "list: unknown division" => () => panel.ListMembersAsync(new ListMembersRequest { DivisionCode = "999999" }, officer).ResponseAsync,
            "list: unknown status" => () => panel.ListMembersAsync(new ListMembersRequest { Status = (MemberStatus)9 }, officer).ResponseAsync,
            _ => throw new ArgumentOutOfRangeException(nameof(badness)),
        };
        await AssertViolationAsync(call, field);
    }

    [Fact]
    public async Task Should_report_every_violation_at_once_and_answer_not_found_for_an_unknown_member()
    {
        var request = PanelRequests.Application();
        request.Name = "";
        request.Sector = "farmer";
        request.Phone = "110";
        var error = await Assert.ThrowsAsync<RpcException>(() => platform.Panel.SubmitApplicationAsync(request, PanelRequests.CityOfficer).ResponseAsync);
        Assert.Equal(["name", "phone", "sector"], Reports.Violations(error).Keys.Order());
        var missing = await Assert.ThrowsAsync<RpcException>(() => platform.Panel.GetMemberAsync(new GetMemberRequest { MemberId = Guid.NewGuid().ToString() },
            PanelRequests.CityOfficer).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal("No panel member has this id.", missing.Status.Detail);
    }

    private static void Break(SubmitApplicationRequest request, string badness)
    {
        switch (badness)
        {
            case "no name": request.Name = ""; break;
            case "name too long": request.Name = new string('名', 51); break;
            case "no gender": request.Gender = Gender.Unspecified; break;
            case "birth date not a date": request.BirthDate = "1980-02-30"; break;
            case "birth date in the future": request.BirthDate = "2999-01-01"; break;
            case "unknown sector": request.Sector = "farmer"; break;
            case "division code not a code": request.DivisionCode = "37-08"; break;
            case "no nomination": request.Nomination = Nomination.Unspecified; break;
            case "organization without a body": request.Nomination = Nomination.Organization; break;
            case "self-nomination naming a body": request.RecommendingBody = "某协会"; break;
            case "employer too long": request.Employer = new string('企', 101); break;
            case "unknown employer unit": request.EmployerUnitId = "u-nowhere"; break;
            case "unknown cadre": request.ServingCadreId = "c-9999"; break;
            case "unknown relative unit": request.RelativeUnitIds.Add("u-370800-education"); request.RelativeUnitIds.Add("u-nowhere"); break;
            case "relative unit twice": request.RelativeUnitIds.Add("u-370800-education"); request.RelativeUnitIds.Add("u-370800-education"); break;
            case "no phone": request.Phone = ""; break;
            case "phone not a phone": request.Phone = "12345"; break;
            case "id number check digit": request.IdNumber = request.IdNumber[..17] + (request.IdNumber[17] == '0' ? '1' : '0'); break;
            case "id number of another birth date": request.BirthDate = "1981-05-01"; break;
            case "no address": request.Address = ""; break;
            default: throw new ArgumentOutOfRangeException(nameof(badness));
        }
    }

    private static async Task AssertViolationAsync(Func<Task> call, string field)
    {
        var violations = Reports.Violations(await Assert.ThrowsAsync<RpcException>(call));
        Assert.True(violations.ContainsKey(field), $"expected a violation of {field}, got {string.Join(", ", violations.Keys)}");
        Assert.False(string.IsNullOrWhiteSpace(violations[field]));
    }

    private async Task<long> CountApplicationsAsync()
    {
        await using var connection = new NpgsqlConnection(platform.EvaluationDatabase);
        return await connection.ExecuteScalarAsync<long>("select count(*) from applications");
    }
}
