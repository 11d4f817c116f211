using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Supervision.Inspection.Domain;
using Supervision.Inspection.Localization;
using Supervision.Inspection.V1;
using Supervision.Reference;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Inspection.Grpc;

/// <summary>
/// PUBLIC, no token: tours' pre-announcements (巡察预告), so that people come forward, and closed tours' rectification notices. Nothing here names an inspector, a
/// finding or a report.
/// </summary>
[AllowAnonymous]
public sealed class PublicInspectionService(PreAnnouncements announcements, TourClosing closing, CityDirectory directory, ProtoMapping mapping)
    : PublicInspection.PublicInspectionBase
{
    public override async Task<RectificationNotice> GetRectificationNotice(GetRectificationNoticeRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", request.TourId);
        violations.ThrowIfAny();
        return await closing.NoticeAsync(tourId, context.CancellationToken) is { } notice
            ? mapping.Notice(notice)
            : throw new RpcException(new Status(StatusCode.NotFound, InspectionTexts.Words["notice.not-found"]));
    }

    public override async Task<PreAnnouncement> GetPreAnnouncement(GetPreAnnouncementRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", request.TourId);
        violations.ThrowIfAny();
        var found = await announcements.FindAsync(tourId, context.CancellationToken);
        return found is null
            ? throw new RpcException(new Status(StatusCode.NotFound, InspectionTexts.Words["pre-announcement.not-found"]))
            : ProtoMapping.PreAnnouncement(found);
    }

    public override async Task<ListPreAnnouncementsResponse> ListPreAnnouncements(ListPreAnnouncementsRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        if (directory.FindDivision(request.DivisionCode) is null) violations.Add("division_code", PlatformTexts.Words["field.unknown-division", request.DivisionCode]);
        var (after, size) = PageToken.Read(request.PageToken, request.PageSize, defaultSize: 20, maxSize: 100, violations);
        violations.ThrowIfAny();
        var page = await announcements.PageAsync(directory.Subtree(request.DivisionCode), after, size + 1, context.CancellationToken);
        var response = new ListPreAnnouncementsResponse();
        response.PreAnnouncements.AddRange(page.Take(size).Select(ProtoMapping.PreAnnouncement));
        if (page.Count > size)
        {
            var last = page[size - 1];
            response.NextPageToken = PageToken.Encode(last.PublishedAt.UtcDateTime, last.Tour.Id);
        }
        return response;
    }

    public override async Task<ListRectificationNoticesResponse> ListRectificationNotices(ListRectificationNoticesRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        if (request.DivisionCode.Length > 0 && directory.FindDivision(request.DivisionCode) is null)
        {
            violations.Add("division_code", PlatformTexts.Words["field.unknown-division", request.DivisionCode]);
        }
        var (after, size) = PageToken.Read(request.PageToken, request.PageSize, defaultSize: 20, maxSize: 100, violations);
        violations.ThrowIfAny();
        var divisions = request.DivisionCode.Length > 0 ? directory.Subtree(request.DivisionCode) : null;
        var page = await closing.PageAsync(divisions, after, size + 1, context.CancellationToken);
        var response = new ListRectificationNoticesResponse { Notices = { page.Take(size).Select(mapping.Notice) } };
        if (page.Count > size)
        {
            response.NextPageToken = PageToken.Encode(page[size - 1].IssuedAt.UtcDateTime, page[size - 1].Tour.Id);
        }
        return response;
    }

}
