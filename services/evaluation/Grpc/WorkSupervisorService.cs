using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain.Supervisors;
using Supervision.Evaluation.Domain.Visits;
using Supervision.Evaluation.Localization;
using Supervision.Evaluation.V1;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Evaluation.Grpc;

/// <summary>
/// The cadre work supervisors: evaluation officers appoint them within their jurisdiction over the area, staff readers read
/// them there, and a supervisor (the token's subject is their id) logs observations, refers problems and follows their
/// own referrals, within their area only.
/// </summary>
public sealed class WorkSupervisorService(CadreWorkSupervisors supervisors, CityDirectory directory, TimeProvider time) : V1.WorkSupervisors.WorkSupervisorsBase
{
    private static readonly IReadOnlyList<string> SupervisorRole = [Roles.WorkSupervisor];
    private static readonly IReadOnlyList<string> SupervisorReaders = [.. EvaluationAccess.Readers, Roles.WorkSupervisor];

    public override async Task<WorkSupervisor> AppointWorkSupervisor(AppointWorkSupervisorRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var appointment = WorkSupervisorValidator.Validate(request, directory);
        foreach (var division in appointment.Area.Divisions(directory))
        {
            directory.RequireJurisdiction(caller, division);
        }
        return ToProto(await supervisors.AppointAsync(appointment, caller.Subject, context.CancellationToken));
    }

    public override async Task<WorkSupervisor> GetWorkSupervisor(GetWorkSupervisorRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, SupervisorReaders, "roles.supervisor-read");
        var violations = new FieldViolations();
        var id = ApplicationValidator.ReadId("supervisor_id", request.SupervisorId, violations);
        violations.ThrowIfAny();
        if (caller.IsInAnyRole(EvaluationAccess.Readers))
        {
            var supervisor = await supervisors.FindAsync(id, context.CancellationToken) ?? throw PanelService.NotFound("supervisor.not-found");
            if (!supervisor.AreaDivisions.Any(d => directory.Covers(caller.DivisionCode, d)))
            {
                directory.RequireJurisdiction(caller, supervisor.AreaDivisions[0]);
            }
            return ToProto(supervisor);
        }
        if (caller.Subject != id.ToString())
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, EvaluationTexts.Words["roles.supervisor-read", string.Join(", ", EvaluationAccess.Readers)]));
        }
        return ToProto(await SupervisorOfAsync(caller, context));
    }

    public override async Task<ListWorkSupervisorsResponse> ListWorkSupervisors(ListWorkSupervisorsRequest request, ServerCallContext context)
    {
        var (before, size, divisions) = EvaluationAccess.ReaderPage(context, directory, request.PageToken, request.PageSize);
        var page = await supervisors.ListAsync(divisions, before, size, context.CancellationToken);
        var response = new ListWorkSupervisorsResponse
        {
            NextPageToken = page.Count == size ? PageToken.Encode(page[^1].AppointedAt, page[^1].Id) : "",
        };
        response.Supervisors.AddRange(page.Select(ToProto));
        return response;
    }

    public override async Task<SupervisorObservation> LogObservation(LogObservationRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, SupervisorRole, "roles.work-supervisor");
        var (observedOn, cadreId) = WorkSupervisorValidator.Validate(request, directory, VisitRules.CityDate(time.GetUtcNow()));
        var supervisor = await SupervisorOfAsync(caller, context);
        var observation = await PanelService.Found(() => supervisors.LogObservationAsync(supervisor.Id, observedOn, request.UnitId, cadreId,
            request.Notes, context.CancellationToken));
        return new SupervisorObservation
        {
            ObservationId = observation.Id.ToString(), SupervisorId = observation.SupervisorId.ToString(),
            ObservedOn = observation.ObservedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), UnitId = observation.UnitId,
            CadreId = observation.CadreId, Notes = observation.Notes, RecordedAt = Utc(observation.RecordedAt),
        };
    }

    public override async Task<SupervisorReferral> ReferObservation(ReferObservationRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, SupervisorRole, "roles.work-supervisor");
        var observationId = WorkSupervisorValidator.Validate(request);
        var supervisor = await SupervisorOfAsync(caller, context);
        return ToProto(await PanelService.Found(() => supervisors.ReferAsync(supervisor.Id, observationId, request.Category, request.Account,
            context.CancellationToken)));
    }

    public override async Task<ListSupervisorReferralsResponse> ListMyReferrals(ListMyReferralsRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, SupervisorRole, "roles.work-supervisor");
        var violations = new FieldViolations();
        var (before, size) = PageToken.Read(request.PageToken, request.PageSize, EvaluationAccess.DefaultPageSize,
            EvaluationAccess.MaxPageSize, violations);
        violations.ThrowIfAny();
        var supervisor = await SupervisorOfAsync(caller, context);
        var page = await supervisors.ReferralsOfAsync(supervisor.Id, before, size, context.CancellationToken);
        var response = new ListSupervisorReferralsResponse
        {
            NextPageToken = page.Count == size ? PageToken.Encode(page[^1].Referral.CreatedAt, page[^1].Referral.Id) : "",
        };
        foreach (var (referral, progress) in page)
        {
            var reply = ToProto(referral);
            reply.Progress = ReferralProgressView.ToProto(progress, referral.TrackingNumber, directory);
            response.Referrals.Add(reply);
        }
        return response;
    }

    /// <summary>The supervisor the token names; a subject that is not one on record is refused.</summary>
    private async Task<WorkSupervisorRecord> SupervisorOfAsync(StaffCaller caller, ServerCallContext context) =>
        (Guid.TryParseExact(caller.Subject, "D", out var id) ? await supervisors.FindAsync(id, context.CancellationToken) : null)
        ?? throw new RpcException(new Status(StatusCode.PermissionDenied, EvaluationTexts.Words["supervisor.unknown-subject"]));

    private static WorkSupervisor ToProto(WorkSupervisorRecord supervisor)
    {
        var reply = new WorkSupervisor
        {
            SupervisorId = supervisor.Id.ToString(), SupervisorNumber = supervisor.SupervisorNumber, Name = supervisor.Name,
            Gender = supervisor.Gender == "female" ? Gender.Female : Gender.Male,
            DeputyKind = WorkSupervisorValidator.DeputyKindNames.Single(k => k.Value == supervisor.DeputyKind).Key,
            DeputyBody = supervisor.DeputyBody, Area = new V1.WorkSupervisorArea { DivisionCode = supervisor.AreaDivisionCode ?? "" },
            AppointedAt = Utc(supervisor.AppointedAt),
        };
        reply.Area.UnitIds.AddRange(supervisor.AreaUnitIds);
        return reply;
    }

    private static SupervisorReferral ToProto(SupervisorReferralRecord referral) => new()
    {
        ReferralId = referral.Id.ToString(), ObservationId = referral.ObservationId.ToString(), UnitId = referral.UnitId, CadreId = referral.CadreId,
        Category = referral.Category, ReportId = referral.ReportId?.ToString() ?? "", TrackingNumber = referral.TrackingNumber ?? "",
        ReferredAt = referral.ReferredAt is { } at ? Utc(at) : null,
    };

    private static Timestamp Utc(DateTime value) => Timestamp.FromDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
