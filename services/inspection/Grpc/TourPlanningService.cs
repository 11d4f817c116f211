using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Supervision.Inspection.Domain;
using Supervision.Inspection.Localization;
using Supervision.Inspection.V1;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Inspection.Grpc;

/// <summary>Plans, targets, teams and recusal: plan staff change them within their jurisdiction; auditors read.</summary>
[Authorize]
public sealed class TourPlanningService(TourPlanningSteps steps, TourWorkSteps work, TourClosing closing, InspectionRules rules, CityDirectory directory,
    ProtoMapping mapping, AssessmentSteps assessments, TourCaseloadQueries caseload)
    : TourPlanning.TourPlanningBase
{
    private const int MaxRounds = 6;
    private const int MinYear = 2000;
    private const int MaxYear = 2100;

    public override async Task<Plan> CreatePlan(CreatePlanRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.PlanStaff);
        var violations = new FieldViolations();
        if (!ProtoMapping.PlanKindNames.TryGetValue(request.Kind, out var kind)) violations.Add("kind", InspectionTexts.Words["field.plan-kind"]);
        if (request.Year is < MinYear or > MaxYear) violations.Add("year", InspectionTexts.Words["field.year", MinYear, MaxYear]);
        var title = EdgeRules.Text(violations, "title", request.Title, 2, 100);
        if (kind == PlanKinds.Regular && request.Rounds.Count is 0 or > MaxRounds) violations.Add("rounds", InspectionTexts.Words["field.rounds-regular", MaxRounds]);
        if (kind == PlanKinds.AdHoc && request.Rounds.Count > 0) violations.Add("rounds", InspectionTexts.Words["field.rounds-ad-hoc"]);
        var rounds = new List<RoundRecord>();
        for (var i = 0; i < request.Rounds.Count && kind == PlanKinds.Regular; i++)
        {
            var round = request.Rounds[i];
            var field = $"rounds[{i}]";
            if (round.Number != i + 1) violations.Add(field + ".number", InspectionTexts.Words["field.round-number", i + 1]);
            var roundTitle = EdgeRules.Text(violations, field + ".title", round.Title, 1, 100);
            var startsOn = EdgeRules.Date(violations, field + ".starts_on", round.StartsOn);
            if (startsOn != default && startsOn.Year != request.Year) violations.Add(field + ".starts_on", InspectionTexts.Words["field.date-in-year", request.Year]);
            else if (startsOn != default && rounds.Count > 0 && startsOn <= rounds[^1].StartsOn) violations.Add(field + ".starts_on", InspectionTexts.Words["field.round-order"]);
            rounds.Add(new RoundRecord(i + 1, roundTitle, startsOn));
        }
        violations.ThrowIfAny();
        var plan = await steps.CreatePlanAsync(new PlanRecord(Guid.CreateVersion7(), kind!, request.Year, title, rounds), caller.Subject,
            context.CancellationToken);
        return mapping.Plan(plan, []);
    }

    public override async Task<Plan> GetPlan(GetPlanRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.PlanStaff, Roles.Auditor);
        var violations = new FieldViolations();
        var planId = EdgeRules.Id(violations, "plan_id", request.PlanId);
        violations.ThrowIfAny();
        var (plan, tours) = await EdgeRules.Refusals(() => steps.PlanAsync(planId, context.CancellationToken));
        return mapping.Plan(plan, tours.Where(t => directory.Covers(caller, t.Target.DivisionCode)));
    }

    public override async Task<ListCandidatesResponse> ListCandidates(ListCandidatesRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.PlanStaff, Roles.Auditor);
        var violations = new FieldViolations();
        if (request.Kind is not (TargetKind.Division or TargetKind.Department))
        {
            violations.Add("kind", InspectionTexts.Words["field.target-kind", "TARGET_KIND_DIVISION, TARGET_KIND_DEPARTMENT"]);
        }
        if (request.Limit is < 0 or > 50) violations.Add("limit", InspectionTexts.Words["field.range", 0, 50]);
        violations.ThrowIfAny();
        var ranked = await steps.CandidatesAsync(ProtoMapping.TargetKindNames[request.Kind], context.CancellationToken);
        var response = new ListCandidatesResponse { CityMedian = ranked.FirstOrDefault()?.Facts.CityMedian ?? 0 };
        response.Candidates.AddRange(ranked.Where(c => directory.Covers(caller, c.Target.DivisionCode))
            .Take(request.Limit == 0 ? 10 : request.Limit).Select(mapping.Candidate));
        return response;
    }

    public override async Task<Tour> ChooseTarget(ChooseTargetRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.PlanStaff);
        var violations = new FieldViolations();
        var planId = EdgeRules.Id(violations, "plan_id", request.PlanId);
        if (request.Round is < 0 or > MaxRounds) violations.Add("round", InspectionTexts.Words["field.range", 0, MaxRounds]);
        var target = Target(violations, request.Target);
        var startsOn = EdgeRules.Date(violations, "starts_on", request.StartsOn);
        if (request.LengthDays < 0 || request.LengthDays > rules.Tours.MaxLengthDays)
        {
            violations.Add("length_days", InspectionTexts.Words["field.length-days", rules.Tours.MaxLengthDays, rules.Tours.DefaultLengthDays]);
        }
        var reason = EdgeRules.Text(violations, "reason", request.Reason, 10, 1000);
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, target!.DivisionCode);
        var tour = await EdgeRules.Refusals(() => steps.ChooseTargetAsync(planId, request.Round, target, startsOn, request.LengthDays, reason,
            caller.Subject, context.CancellationToken));
        return mapping.Tour(tour);
    }

    public override async Task<Tour> GetTour(GetTourRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.PlanStaff, Roles.Auditor, Roles.Inspector);
        var tour = await TourInReachAsync(caller, request.TourId, "tour_id", context);
        if (!caller.IsInAnyRole([Roles.PlanStaff, Roles.Auditor]) && !tour.HasActingMember(caller.Subject))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, InspectionTexts.Words["team.not-member"]));
        }
        return mapping.Tour(tour);
    }

    public override async Task<CheckRecusalResponse> CheckRecusal(CheckRecusalRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.PlanStaff);
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", request.TourId);
        var known = await KnownAsync(request.InspectorIds, context);
        EdgeRules.InspectorIds(violations, "inspector_ids", request.InspectorIds, known, 1, 50);
        violations.ThrowIfAny();
        await TourInReachAsync(caller, request.TourId, "tour_id", context);
        var response = new CheckRecusalResponse();
        response.Conflicts.AddRange((await steps.CheckAsync(tourId, request.InspectorIds, context.CancellationToken)).Select(mapping.Conflict));
        return response;
    }

    public override async Task<Tour> FormTeam(FormTeamRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.PlanStaff);
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", request.TourId);
        var known = await KnownAsync(request.MemberIds.Append(request.LeaderId).ToList(), context);
        if (!known.Contains(request.LeaderId))
        {
            violations.Add("leader_id", request.LeaderId.Length == 0
                ? PlatformTexts.Words["field.required"]
                : InspectionTexts.Words["field.unknown-inspector", request.LeaderId]);
        }
        EdgeRules.InspectorIds(violations, "member_ids", request.MemberIds, known, 1, 20);
        if (request.MemberIds.Contains(request.LeaderId)) violations.Add("member_ids", InspectionTexts.Words["field.leader-in-members"]);
        violations.ThrowIfAny();
        await TourInReachAsync(caller, request.TourId, "tour_id", context);
        return mapping.Tour(await EdgeRules.Refusals(() =>
            steps.FormTeamAsync(tourId, request.LeaderId, request.MemberIds.ToList(), caller.Subject, context.CancellationToken)));
    }

    public override async Task<ListExclusionsResponse> ListExclusions(ListExclusionsRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.PlanStaff, Roles.Auditor);
        var tour = await TourInReachAsync(caller, request.TourId, "tour_id", context);
        var response = new ListExclusionsResponse();
        response.Exclusions.AddRange((await steps.ExclusionsAsync(tour.Id, context.CancellationToken)).Select(mapping.Exclusion));
        return response;
    }

    public override async Task<TourReport> ReviewTourReport(ReviewTourReportRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.PlanStaff);
        var violations = new FieldViolations();
        EdgeRules.Id(violations, "tour_id", request.TourId);
        var note = EdgeRules.Text(violations, "note", request.Note, 2, 1000);
        violations.ThrowIfAny();
        var tour = await TourInReachAsync(caller, request.TourId, "tour_id", context);
        await EdgeRules.Refusals(() => work.ReviewAsync(tour.Id, request.Returned, note, caller.Subject, context.CancellationToken));
        var (report, findings) = await work.ReportAsync(tour.Id, context.CancellationToken);
        return ProtoMapping.WithReferrals(mapping.WithRecords(ProtoMapping.Report(report!, findings), await assessments.OfTourAsync(tour.Id, context.CancellationToken)),
            await caseload.ReferralsAsync(tour.Id, context.CancellationToken));
    }

    public override async Task<RectificationNotice> CloseTour(CloseTourRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.PlanStaff);
        var tour = await TourInReachAsync(caller, request.TourId, "tour_id", context);
        return mapping.Notice(await EdgeRules.Refusals(() => closing.CloseAsync(tour.Id, caller.Subject, context.CancellationToken)));
    }

    private TourTarget? Target(FieldViolations violations, Target? target)
    {
        if (target is null || !ProtoMapping.TargetKindNames.TryGetValue(target.Kind, out var kind))
        {
            violations.Add("target.kind", InspectionTexts.Words["field.target-kind", "TARGET_KIND_DIVISION, TARGET_KIND_DEPARTMENT, TARGET_KIND_UNIT"]);
            return null;
        }
        var found = TourTarget.Find(directory, kind, target.Id);
        if (found is null)
        {
            violations.Add("target.id", target.Id.Length == 0 ? PlatformTexts.Words["field.required"] : InspectionTexts.Words["field.unknown-target", target.Id]);
        }
        return found;
    }

    public override async Task<Tour> SeatReplacement(SeatReplacementRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.PlanStaff);
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", request.TourId);
        var known = await KnownAsync([request.RecusedInspectorId, request.ReplacementId], context);
        if (!known.Contains(request.RecusedInspectorId))
        {
            violations.Add("recused_inspector_id", request.RecusedInspectorId.Length == 0
                ? PlatformTexts.Words["field.required"]
                : InspectionTexts.Words["field.unknown-inspector", request.RecusedInspectorId]);
        }
        if (request.ReplacementId.Length > 0 && !known.Contains(request.ReplacementId))
        {
            violations.Add("replacement_id", InspectionTexts.Words["field.unknown-inspector", request.ReplacementId]);
        }
        else if (request.ReplacementId.Length > 0 && request.ReplacementId == request.RecusedInspectorId)
        {
            violations.Add("replacement_id", InspectionTexts.Words["field.replacement-is-recused"]);
        }
        violations.ThrowIfAny();
        await TourInReachAsync(caller, request.TourId, "tour_id", context);
        return mapping.Tour(await EdgeRules.Refusals(() => steps.SeatReplacementAsync(tourId, request.RecusedInspectorId,
            request.ReplacementId.Length > 0 ? request.ReplacementId : null, caller.Subject, context.CancellationToken)));
    }

    private async Task<IReadOnlySet<string>> KnownAsync(IReadOnlyCollection<string> ids, ServerCallContext context) =>
        (await steps.InspectorsAsync(ids.Where(id => id.Length > 0).Distinct().ToList(), context.CancellationToken)).Select(i => i.Id).ToHashSet();

    /// <summary>The tour, after its id is checked (INVALID_ARGUMENT), found (NOT_FOUND) and within the caller's jurisdiction (PERMISSION_DENIED).</summary>
    private async Task<TourRecord> TourInReachAsync(StaffCaller caller, string id, string field, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, field, id);
        violations.ThrowIfAny();
        var tour = await EdgeRules.Refusals(() => steps.TourAsync(tourId, context.CancellationToken));
        directory.RequireJurisdiction(caller, tour.Target.DivisionCode);
        return tour;
    }
}
