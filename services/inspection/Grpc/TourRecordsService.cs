using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Supervision.Inspection.Domain;
using Supervision.Inspection.Localization;
using Supervision.Inspection.V1;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Inspection.Grpc;

/// <summary>
/// A tour's work records, assessments and recommendations: the tour's acting team records them (the token's subject is the
/// inspector's id); only the team and auditors read the records; plan staff follow recommendations up; an oversight officer
/// reveals an interviewee, audited.
/// </summary>
[Authorize]
public sealed class TourRecordsService(WorkRecordSteps records, AssessmentSteps assessments, RecommendationSteps recommendations,
    TourPlanningSteps planning, TourRecordsRequests requests, CityDirectory directory, ProtoMapping mapping) : TourRecords.TourRecordsBase
{
    public override async Task<WorkRecord> RecordWorkRecord(RecordWorkRecordRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.Inspector);
        var (tourId, draft) = requests.WorkRecord(request);
        return ProtoMapping.WorkRecord(await EdgeRules.Refusals(() => records.RecordAsync(tourId, caller.Subject, draft, context.CancellationToken)));
    }

    public override async Task<ListWorkRecordsResponse> ListWorkRecords(ListWorkRecordsRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.Inspector, Roles.Auditor);
        var (tourId, kind, after, size) = requests.WorkRecordPage(request);
        var tour = await EdgeRules.Refusals(() => planning.TourAsync(tourId, context.CancellationToken));
        if (caller.IsInRole(Roles.Auditor))
        {
            directory.RequireJurisdiction(caller, tour.Target.DivisionCode);
        }
        else if (!tour.HasActingMember(caller.Subject))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, InspectionTexts.Words["team.not-member"]));
        }
        var page = await records.PageAsync(tourId, kind, after, size + 1, context.CancellationToken);
        var response = new ListWorkRecordsResponse { Records = { page.Take(size).Select(ProtoMapping.WorkRecord) } };
        if (page.Count > size)
        {
            response.NextPageToken = PageToken.Encode(page[size - 1].RecordedAt.UtcDateTime, page[size - 1].Id);
        }
        return response;
    }

    public override async Task<Interviewee> RevealInterviewee(RevealIntervieweeRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.OversightOfficer);
        var violations = new FieldViolations();
        var recordId = EdgeRules.Id(violations, "record_id", request.RecordId);
        var reason = EdgeRules.Text(violations, "reason", request.Reason, 10, 500);
        violations.ThrowIfAny();
        var tour = await EdgeRules.Refusals(() => records.TourOfRecordAsync(recordId, context.CancellationToken));
        directory.RequireJurisdiction(caller, tour.Target.DivisionCode);
        var identity = await EdgeRules.Refusals(() => records.RevealAsync(recordId, caller.Subject, reason, context.CancellationToken));
        return new Interviewee { Name = identity.Name, Phone = identity.Phone, IdNumber = identity.IdNumber, Address = identity.Address };
    }

    public override async Task<ListIntervieweeRevealsResponse> ListIntervieweeReveals(ListIntervieweeRevealsRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.Auditor, Roles.OversightOfficer);
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", request.TourId);
        violations.ThrowIfAny();
        var tour = await EdgeRules.Refusals(() => planning.TourAsync(tourId, context.CancellationToken));
        directory.RequireJurisdiction(caller, tour.Target.DivisionCode);
        return new ListIntervieweeRevealsResponse
        {
            Reveals =
            {
                (await records.RevealsAsync(tourId, context.CancellationToken)).Select(r => new IntervieweeReveal
                {
                    RecordId = r.RecordId.ToString(), RevealedTo = r.RevealedTo, Reason = r.Reason,
                    RevealedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(r.RevealedAt),
                }),
            },
        };
    }

    public override async Task<Assessment> RecordAssessment(RecordAssessmentRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.Inspector);
        var (tourId, draft) = requests.Assessment(request);
        return mapping.Assessment(await EdgeRules.Refusals(() => assessments.RecordAsync(tourId, caller.Subject, draft, context.CancellationToken)));
    }

    public override async Task<Recommendation> MakeRecommendation(MakeRecommendationRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.Inspector);
        var (tourId, kind, unitId, cadreId, text) = requests.Recommendation(request);
        return mapping.Recommendation(await EdgeRules.Refusals(() =>
            recommendations.MakeAsync(tourId, caller.Subject, kind, unitId, cadreId, text, context.CancellationToken)));
    }

    public override async Task<Recommendation> FollowUpRecommendation(FollowUpRecommendationRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.PlanStaff);
        var (recommendationId, state, note) = requests.FollowUp(request);
        var recommendation = await EdgeRules.Refusals(() => recommendations.FindAsync(recommendationId, context.CancellationToken));
        var tour = await EdgeRules.Refusals(() => planning.TourAsync(recommendation.TourId, context.CancellationToken));
        directory.RequireJurisdiction(caller, tour.Target.DivisionCode);
        return mapping.Recommendation(await EdgeRules.Refusals(() =>
            recommendations.FollowUpAsync(recommendationId, state, note, caller.Subject, context.CancellationToken)));
    }
}
