using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Localization;
using Supervision.Evaluation.V1;
using Supervision.Reference;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Evaluation.Grpc;

/// <summary>The citizen panel: recruitment, vetting, terms and composition.</summary>
public sealed class PanelService(PanelRules rules, PanelQueries queries, PanelRecruitment recruitment, PanelTerms terms, Eligibility eligibility,
    CityDirectory directory, TimeProvider time) : Panel.PanelBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 500;
    private const int ReasonMaxLength = 500;

    public override async Task<Application> SubmitApplication(SubmitApplicationRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var applicant = ApplicationValidator.Validate(request, rules, directory, Today);
        RequireResidenceJurisdiction(caller, applicant.DivisionCode);
        return ToProto(await recruitment.SubmitAsync(applicant, caller.Subject, context.CancellationToken));
    }

    public override async Task<Application> GetApplication(GetApplicationRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Readers, "roles.read");
        var violations = new FieldViolations();
        var id = ApplicationValidator.ReadId("application_id", request.ApplicationId, violations);
        violations.ThrowIfAny();
        var application = await queries.FindApplicationAsync(id, context.CancellationToken) ?? throw NotFound("application.not-found");
        RequireResidenceJurisdiction(caller, application.DivisionCode);
        return ToProto(application);
    }

    public override async Task<VetApplicationResponse> VetApplication(VetApplicationRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var violations = new FieldViolations();
        var id = ApplicationValidator.ReadId("application_id", request.ApplicationId, violations);
        switch (request.Decision)
        {
            case VetDecision.Reject:
                ApplicationValidator.Required("reason", request.Reason, ReasonMaxLength, violations);
                break;
            case VetDecision.Appoint:
                ApplicationValidator.MaxLength("reason", request.Reason, ReasonMaxLength, violations);
                break;
            default:
                violations.Add("decision", ServiceDefaults.Localization.PlatformTexts.Words["field.one-of", "VET_DECISION_APPOINT, VET_DECISION_REJECT"]);
                break;
        }
        violations.ThrowIfAny();
        var application = await queries.FindApplicationAsync(id, context.CancellationToken) ?? throw NotFound("application.not-found");
        RequireResidenceJurisdiction(caller, application.DivisionCode);
        return await Found(async () =>
        {
            if (request.Decision == VetDecision.Reject)
            {
                return new VetApplicationResponse { Application = ToProto(await recruitment.RejectAsync(id, request.Reason, caller.Subject, context.CancellationToken)) };
            }
            var (decided, member) = await recruitment.AppointAsync(id, caller.Subject, context.CancellationToken);
            return new VetApplicationResponse { Application = ToProto(decided), Member = ToProto(member, []) };
        });
    }

    public override async Task<Member> GetMember(GetMemberRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Readers, "roles.read");
        var (member, history) = await FindMemberAsync(request.MemberId, context);
        directory.RequireJurisdiction(caller, member.DivisionCode);
        return ToProto(member, history);
    }

    public override async Task<ListMembersResponse> ListMembers(ListMembersRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Readers, "roles.read");
        var violations = new FieldViolations();
        var (after, size) = PageToken.Read(request.PageToken, request.PageSize, DefaultPageSize, MaxPageSize, violations);
        if (request.Sector.Length > 0 && rules.FindSector(request.Sector) is null)
        {
            violations.Add("sector", ServiceDefaults.Localization.PlatformTexts.Words["field.one-of", string.Join(", ", rules.Sectors.Select(s => s.Id))]);
        }
        if (request.DivisionCode.Length > 0 && directory.FindDivision(request.DivisionCode) is null)
        {
            violations.Add("division_code", ServiceDefaults.Localization.PlatformTexts.Words["field.unknown-division", request.DivisionCode]);
        }
        if (!System.Enum.IsDefined(request.Status))
        {
            violations.Add("status", ServiceDefaults.Localization.PlatformTexts.Words["field.one-of", string.Join(", ", System.Enum.GetNames<MemberStatus>())]);
        }
        violations.ThrowIfAny();
        var scope = request.DivisionCode.Length > 0 ? request.DivisionCode : caller.DivisionCode;
        directory.RequireJurisdiction(caller, scope);
        var divisions = scope == directory.CityCode ? null : directory.Subtree(scope);
        var members = await queries.ListMembersAsync(divisions, NullIfEmpty(request.Sector), StatusOf(request.Status), after, size, context.CancellationToken);
        var response = new ListMembersResponse
        {
            NextPageToken = members.Count == size ? PageToken.Encode(members[^1].AppointedAt, members[^1].Id) : "",
        };
        response.Members.AddRange(members.Select(m => ToProto(m, [])));
        return response;
    }

    public override async Task<Member> RenewTerm(RenewTermRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var violations = new FieldViolations();
        ApplicationValidator.MaxLength("reason", request.Reason, ReasonMaxLength, violations);
        var (member, _) = await FindMemberAsync(request.MemberId, context, violations);
        directory.RequireJurisdiction(caller, member.DivisionCode);
        var renewed = await Found(() => terms.RenewAsync(member.Id, NullIfEmpty(request.Reason), caller.Subject, context.CancellationToken));
        return await MemberWithHistoryAsync(renewed.Id, context);
    }

    public override async Task<Member> RecordResignation(RecordResignationRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var violations = new FieldViolations();
        ApplicationValidator.Required("reason", request.Reason, ReasonMaxLength, violations);
        var (member, _) = await FindMemberAsync(request.MemberId, context, violations);
        directory.RequireJurisdiction(caller, member.DivisionCode);
        var resigned = await Found(() => terms.ResignAsync(member.Id, request.Reason, caller.Subject, context.CancellationToken));
        return await MemberWithHistoryAsync(resigned.Id, context);
    }

    public override async Task<Composition> GetComposition(GetCompositionRequest request, ServerCallContext context)
    {
        EvaluationAccess.Require(context, EvaluationAccess.Readers, "roles.read");
        var now = time.GetUtcNow();
        var composition = PanelComposition.Of(await queries.ServingProfilesAsync(now, context.CancellationToken), rules, directory, Today);
        var reply = new Composition
        {
            Serving = composition.Serving,
            Grassroots = composition.Grassroots,
            GrassrootsShare = composition.GrassrootsShare,
            GrassrootsShareMinimum = composition.GrassrootsShareMinimum,
        };
        reply.BySector.AddRange(Counts(composition.BySector));
        reply.ByDivision.AddRange(Counts(composition.ByDivision));
        reply.ByAgeBand.AddRange(Counts(composition.ByAgeBand));
        reply.ByGender.AddRange(Counts(composition.ByGender));
        return reply;
    }

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>A residence in the directory must lie in the caller's jurisdiction; one outside the city is for city-level officers.</summary>
    private void RequireResidenceJurisdiction(StaffCaller caller, string divisionCode) =>
        directory.RequireJurisdiction(caller, directory.FindDivision(divisionCode) is null ? directory.CityCode : divisionCode);

    private async Task<(MemberRecord Member, IReadOnlyList<MemberHistoryRecord> History)> FindMemberAsync(string memberId, ServerCallContext context,
        FieldViolations? violations = null)
    {
        violations ??= new FieldViolations();
        var id = ApplicationValidator.ReadId("member_id", memberId, violations);
        violations.ThrowIfAny();
        return await queries.FindMemberAsync(id, context.CancellationToken) ?? throw NotFound("member.not-found");
    }

    private async Task<Member> MemberWithHistoryAsync(Guid id, ServerCallContext context)
    {
        var (member, history) = (await queries.FindMemberAsync(id, context.CancellationToken))!.Value;
        return ToProto(member, history);
    }

    /// <summary>Runs a domain step; a record it cannot find is NOT_FOUND with its words.</summary>
    internal static async Task<T> Found<T>(Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (RecordNotFoundException missing)
        {
            throw new RpcException(new Status(StatusCode.NotFound, missing.Message));
        }
    }

    internal static RpcException NotFound(string key) => new(new Status(StatusCode.NotFound, EvaluationTexts.Words[key]));

    private Application ToProto(ApplicationRecord application)
    {
        var reply = new Application
        {
            ApplicationId = application.Id.ToString(),
            SubmittedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(application.SubmittedAt, DateTimeKind.Utc)),
            Name = application.Name,
            Gender = application.Gender == "female" ? Gender.Female : Gender.Male,
            BirthDate = application.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Sector = application.Sector,
            DivisionCode = application.DivisionCode,
            Nomination = application.Nomination == Nominations.Organization ? Nomination.Organization : Nomination.Self,
            RecommendingBody = application.RecommendingBody ?? "",
            Employer = application.Employer,
            Status = application.Status switch
            {
                "appointed" => ApplicationStatus.Appointed,
                "rejected" => ApplicationStatus.Rejected,
                _ => ApplicationStatus.Pending,
            },
            DecisionReason = application.DecisionReason ?? "",
            MemberId = application.MemberId?.ToString() ?? "",
        };
        reply.IneligibleRules.AddRange(application.IneligibleBecause);
        reply.IneligibleReasons.AddRange(application.IneligibleBecause.Select(eligibility.Describe));
        return reply;
    }

    private Member ToProto(MemberRecord member, IReadOnlyList<MemberHistoryRecord> history)
    {
        var reply = new Member
        {
            MemberId = member.Id.ToString(),
            PanelNumber = member.PanelNumber,
            Name = member.Name,
            Gender = member.Gender == "female" ? Gender.Female : Gender.Male,
            AgeBand = rules.AgeBandOf(PanelComposition.AgeOn(member.BirthDate, Today)),
            Sector = member.Sector,
            Grassroots = member.Grassroots,
            DivisionCode = member.DivisionCode,
            Nomination = member.Nomination == Nominations.Organization ? Nomination.Organization : Nomination.Self,
            RecommendingBody = member.RecommendingBody ?? "",
            Status = member.Status switch
            {
                MemberStatuses.Serving => MemberStatus.Serving,
                MemberStatuses.TermEnded => MemberStatus.TermEnded,
                _ => MemberStatus.Resigned,
            },
            AppointedAt = Utc(member.AppointedAt),
            TermEndsAt = Utc(member.TermEndsAt),
            EndedAt = member.EndedAt is { } ended ? Utc(ended) : null,
        };
        reply.History.AddRange(history.Select(h => new MemberHistoryEntry
        {
            Kind = h.Kind,
            HappenedAt = Utc(h.HappenedAt),
            RecordedBy = h.RecordedBy,
            Reason = h.Reason ?? "",
            TermEndsAt = h.TermEndsAt is { } end ? Utc(end) : null,
        }));
        return reply;
    }

    private static Timestamp Utc(DateTime value) => Timestamp.FromDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static string? StatusOf(MemberStatus status) => status switch
    {
        MemberStatus.Serving => MemberStatuses.Serving,
        MemberStatus.TermEnded => MemberStatuses.TermEnded,
        MemberStatus.Resigned => MemberStatuses.Resigned,
        _ => null,
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static IEnumerable<Count> Counts(IEnumerable<KeyValuePair<string, int>> tally) =>
        tally.Select(t => new Count { Key = t.Key, Members = t.Value });
}
