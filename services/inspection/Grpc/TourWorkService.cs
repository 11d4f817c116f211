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

/// <summary>A team member's own work on their tour; the token's subject is the inspector's id.</summary>
[Authorize]
public sealed partial class TourWorkService(TourPlanningSteps planning, TourWorkSteps work, RectificationSteps rectification, PreAnnouncements announcements,
    InspectionRules rules, CityDirectory directory, ProtoMapping mapping, AssessmentSteps assessments, TourCaseloadQueries caseload) : TourWork.TourWorkBase
{
    public override async Task<PreAnnouncement> PublishPreAnnouncement(PublishPreAnnouncementRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.Inspector);
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", request.TourId);
        var text = new PreAnnouncementText(
            EdgeRules.Text(violations, "purpose", request.Purpose, 10, 2000),
            EdgeRules.Text(violations, "methods", request.Methods, 10, 2000),
            EdgeRules.Text(violations, "discipline", request.Discipline, 10, 2000),
            EdgeRules.Text(violations, "office_address", request.OfficeAddress, 2, 200),
            PhoneNumber(violations, "contact_phone", request.ContactPhone),
            EdgeRules.Text(violations, "mailbox", request.Mailbox, 2, 200),
            Email(violations, request.Email),
            PhoneNumber(violations, "hotline", request.Hotline));
        violations.ThrowIfAny();
        return ProtoMapping.PreAnnouncement(await EdgeRules.Refusals(() => announcements.PublishAsync(tourId, caller.Subject, text, context.CancellationToken)));
    }

    private static string PhoneNumber(FieldViolations violations, string field, string value)
    {
        var phone = value.Trim();
        if (!PhonePattern().IsMatch(phone)) violations.Add(field, InspectionTexts.Words["field.phone"]);
        return phone;
    }

    private static string Email(FieldViolations violations, string value)
    {
        var email = value.Trim();
        if (email.Length > 100 || !EmailPattern().IsMatch(email)) violations.Add("email", InspectionTexts.Words["field.email"]);
        return email;
    }

    /// <summary>A team's office line or hotline: 12380, 0537-2345678, a mobile number.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9](?:-?[0-9]){4,19}\z")]
    private static partial System.Text.RegularExpressions.Regex PhonePattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+\z")]
    private static partial System.Text.RegularExpressions.Regex EmailPattern();

    public override async Task<Tour> SignRecusalDeclaration(SignRecusalDeclarationRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.Inspector);
        var tourId = TourId(request.TourId);
        await EdgeRules.Refusals(async () =>
        {
            await planning.SignDeclarationAsync(tourId, caller.Subject, context.CancellationToken);
            return 0;
        });
        return mapping.Tour(await planning.TourAsync(tourId, context.CancellationToken));
    }

    public override async Task<Finding> RecordFinding(RecordFindingRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.Inspector);
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", request.TourId);
        if (!rules.Findings.Categories.Contains(request.Category)) violations.Add("category", PlatformTexts.Words["field.one-of", string.Join(", ", rules.Findings.Categories)]);
        var description = EdgeRules.Text(violations, "description", request.Description, 10, 2000);
        var evidence = EdgeRules.Text(violations, "evidence", request.Evidence, 1, 2000);
        if (!ProtoMapping.SeverityNames.TryGetValue(request.Severity, out var severity)) violations.Add("severity", PlatformTexts.Words["field.one-of", "SEVERITY_MINOR, SEVERITY_SERIOUS, SEVERITY_GRAVE"]);
        for (var i = 0; i < request.CadreIds.Count; i++)
        {
            if (directory.FindCadre(request.CadreIds[i]) is null) violations.Add($"cadre_ids[{i}]", PlatformTexts.Words["field.unknown-cadre", request.CadreIds[i]]);
        }
        for (var i = 0; i < request.UnitIds.Count; i++)
        {
            if (directory.FindUnit(request.UnitIds[i]) is null) violations.Add($"unit_ids[{i}]", PlatformTexts.Words["field.unknown-unit", request.UnitIds[i]]);
        }
        if (request.CadreIds.Count + request.UnitIds.Count == 0) violations.Add("unit_ids", InspectionTexts.Words["field.finding-concerns"]);
        violations.ThrowIfAny();
        var finding = new FindingRecord(Guid.Empty, tourId, request.Category, description, evidence, severity!, request.CadreIds.Distinct().ToList(),
            request.UnitIds.Distinct().ToList(), caller.Subject);
        return ProtoMapping.Finding(await EdgeRules.Refusals(() => work.RecordFindingAsync(tourId, caller.Subject, finding, context.CancellationToken)));
    }

    public override async Task<TourReport> DraftTourReport(DraftTourReportRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.Inspector);
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", request.TourId);
        var summary = EdgeRules.Text(violations, "summary", request.Summary, 10, 10000);
        var recommendations = request.Recommendations.Trim();
        if (recommendations.Length > 5000) violations.Add("recommendations", PlatformTexts.Words["field.max-length-got", 5000, recommendations.Length]);
        violations.ThrowIfAny();
        await EdgeRules.Refusals(() => work.DraftAsync(tourId, caller.Subject, summary, recommendations, context.CancellationToken));
        return await ReportOfAsync(tourId, context);
    }

    public override async Task<TourReport> SubmitTourReport(SubmitTourReportRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.Inspector);
        var tourId = TourId(request.TourId);
        await EdgeRules.Refusals(() => work.SubmitAsync(tourId, caller.Subject, context.CancellationToken));
        return await ReportOfAsync(tourId, context);
    }

    public override async Task<TourReport> GetTourReport(GetTourReportRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.Inspector, Roles.PlanStaff, Roles.Auditor);
        var tourId = TourId(request.TourId);
        var tour = await EdgeRules.Refusals(() => planning.TourAsync(tourId, context.CancellationToken));
        directory.RequireJurisdiction(caller, tour.Target.DivisionCode);
        if (!caller.IsInAnyRole([Roles.PlanStaff, Roles.Auditor]) && !tour.HasActingMember(caller.Subject))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, InspectionTexts.Words["team.not-member"]));
        }
        return await ReportOfAsync(tourId, context);
    }

    public override async Task<RectificationList> HoldFeedback(HoldFeedbackRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.Inspector);
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", request.TourId);
        if (request.Items.Count is 0 or > 100) violations.Add("items", InspectionTexts.Words["field.count", 1, 100]);
        var drafts = new List<Domain.RectificationItemDraft>();
        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            var field = $"items[{i}]";
            var findingId = EdgeRules.Id(violations, field + ".finding_id", item.FindingId);
            if (directory.FindUnit(item.ResponsibleUnitId) is null)
            {
                violations.Add(field + ".responsible_unit_id", PlatformTexts.Words["field.unknown-unit", item.ResponsibleUnitId]);
            }
            var person = EdgeRules.Text(violations, field + ".responsible_person", item.ResponsiblePerson, 1, 50);
            var measures = EdgeRules.Text(violations, field + ".measures", item.Measures, 10, 2000);
            var deadline = EdgeRules.Date(violations, field + ".deadline", item.Deadline);
            drafts.Add(new Domain.RectificationItemDraft(findingId, item.ResponsibleUnitId, person, measures, deadline));
        }
        violations.ThrowIfAny();
        return ProtoMapping.Items(await EdgeRules.Refusals(() => work.HoldFeedbackAsync(tourId, caller.Subject, drafts, context.CancellationToken)));
    }

    public override async Task<RectificationItem> VerifyRectification(VerifyRectificationRequest request, ServerCallContext context)
    {
        var caller = EdgeRules.RequireRole(context, Roles.Inspector);
        var violations = new FieldViolations();
        var itemId = EdgeRules.Id(violations, "item_id", request.ItemId);
        var note = EdgeRules.Text(violations, "note", request.Note, 2, 1000);
        violations.ThrowIfAny();
        return ProtoMapping.Item(await EdgeRules.Refusals(() =>
            rectification.VerifyAsync(itemId, caller.Subject, request.Rejected, note, context.CancellationToken)));
    }

    private async Task<TourReport> ReportOfAsync(Guid tourId, ServerCallContext context)
    {
        var (report, findings) = await work.ReportAsync(tourId, context.CancellationToken);
        return report is null
            ? throw new RpcException(new Status(StatusCode.NotFound, InspectionTexts.Words["report.not-found"]))
            : ProtoMapping.WithReferrals(mapping.WithRecords(ProtoMapping.Report(report, findings), await assessments.OfTourAsync(tourId, context.CancellationToken)),
                await caseload.ReferralsAsync(tourId, context.CancellationToken));
    }

    private static Guid TourId(string value)
    {
        var violations = new FieldViolations();
        var id = EdgeRules.Id(violations, "tour_id", value);
        violations.ThrowIfAny();
        return id;
    }
}
