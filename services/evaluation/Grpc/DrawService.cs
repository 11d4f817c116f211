using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Domain.Draws;
using Supervision.Evaluation.V1;
using Supervision.Reference;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Evaluation.Grpc;

/// <summary>Draws for targeted evaluations, run by evaluation officers within their jurisdiction over the unit.</summary>
public sealed class DrawService(TargetedDraws draws, PanelRules rules, CityDirectory directory) : V1.Draws.DrawsBase
{
    public const int PurposeMaxLength = 500;
    public const int EntropyMaxLength = 200;

    public override async Task<PublishedDraw> CommitDraw(CommitDrawRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var violations = new FieldViolations();
        var unit = directory.FindUnit(request.UnitId);
        if (unit is null)
        {
            violations.Add("unit_id", request.UnitId.Length == 0 ? PlatformTexts.Words["field.required"] : PlatformTexts.Words["field.unknown-unit", request.UnitId]);
        }
        ValidateDraw(rules, request.Seats, request.Substitutes, request.Purpose, violations);
        violations.ThrowIfAny();
        directory.RequireJurisdiction(caller, unit!.DivisionCode);
        var view = await draws.CommitAsync(unit.Id, request.Seats, request.Substitutes, request.Purpose, caller.Subject, context.CancellationToken);
        return ToProto(view);
    }

    /// <summary>A draw's seats, substitutes and purpose within the rules' limits (CommitDraw, and accepting a targeted-evaluation proposal).</summary>
    internal static void ValidateDraw(PanelRules rules, int seats, int substitutes, string purpose, FieldViolations violations)
    {
        if (seats < 1 || seats > rules.Draws.MaximumSeats)
        {
            violations.Add("seats", Localization.EvaluationTexts.Words["field.between", 1, rules.Draws.MaximumSeats]);
        }
        if (substitutes < 0 || substitutes > rules.Draws.MaximumSubstitutes)
        {
            violations.Add("substitutes", Localization.EvaluationTexts.Words["field.between", 0, rules.Draws.MaximumSubstitutes]);
        }
        ApplicationValidator.Required("purpose", purpose, PurposeMaxLength, violations);
    }

    public override async Task<PublishedDraw> RevealDraw(RevealDrawRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var violations = new FieldViolations();
        var id = ApplicationValidator.ReadId("draw_id", request.DrawId, violations);
        ApplicationValidator.MaxLength("public_entropy", request.PublicEntropy, EntropyMaxLength, violations);
        violations.ThrowIfAny();
        await RequireUnitJurisdictionAsync(caller, id, context);
        return ToProto(await PanelService.Found(() => draws.RevealAsync(id, request.PublicEntropy, caller.Subject, context.CancellationToken)));
    }

    public override async Task<PublishedDraw> ReplaceDrawnMember(ReplaceDrawnMemberRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var violations = new FieldViolations();
        var id = ApplicationValidator.ReadId("draw_id", request.DrawId, violations);
        if (request.PanelNumber < 1)
        {
            violations.Add("panel_number", Localization.EvaluationTexts.Words["field.positive"]);
        }
        ApplicationValidator.Required("reason", request.Reason, PurposeMaxLength, violations);
        violations.ThrowIfAny();
        await RequireUnitJurisdictionAsync(caller, id, context);
        return ToProto(await PanelService.Found(() => draws.ReplaceAsync(id, request.PanelNumber, request.Reason, context.CancellationToken)));
    }

    private async Task RequireUnitJurisdictionAsync(StaffCaller caller, Guid drawId, ServerCallContext context)
    {
        var view = await draws.FindAsync(drawId, context.CancellationToken) ?? throw PanelService.NotFound("draw.not-found");
        directory.RequireJurisdiction(caller, directory.FindUnit(view.Draw.UnitId)?.DivisionCode ?? directory.CityCode);
    }

    /// <summary>The draw as published: roster, hash, commitment, and once revealed the seed, the result and who holds the seats.</summary>
    internal static PublishedDraw ToProto(DrawView view)
    {
        var draw = view.Draw;
        var reply = new PublishedDraw
        {
            DrawId = draw.Id.ToString(),
            UnitId = draw.UnitId,
            Purpose = draw.Purpose,
            Status = draw.Status == "revealed" ? DrawStatus.Revealed : DrawStatus.Committed,
            Algorithm = draw.Algorithm,
            Seats = draw.Seats,
            Substitutes = draw.Substitutes,
            GrassrootsShareMinimum = draw.GrassrootsShareMinimum,
            RosterHash = draw.RosterHash,
            Commitment = draw.Commitment,
            Seed = draw.Seed ?? "",
            PublicEntropy = draw.PublicEntropy ?? "",
            CommittedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(draw.CommittedAt, DateTimeKind.Utc)),
            RevealedAt = draw.RevealedAt is { } revealed ? Timestamp.FromDateTime(DateTime.SpecifyKind(revealed, DateTimeKind.Utc)) : null,
        };
        reply.Roster.AddRange(draw.Roster);
        reply.Excluded.Add(JsonSerializer.Deserialize<Dictionary<string, int>>(draw.Excluded)!);
        // The algorithm's result stays as drawn; replacements show in who holds the seats.
        var drawnSubstitutes = view.Seats.Where(s => s.Role == "substitute" || s.Replaces is not null).OrderBy(s => s.Position).ToList();
        reply.Selected.AddRange(view.Seats.Where(s => s.Role == "selected" && s.Replaces is null).Select(s => s.PanelNumber).Order());
        reply.GrassrootsSubstitutes.AddRange(drawnSubstitutes.Where(s => s.Grassroots).Select(s => s.PanelNumber));
        reply.OtherSubstitutes.AddRange(drawnSubstitutes.Where(s => !s.Grassroots).Select(s => s.PanelNumber));
        reply.SeatsHeld.AddRange(view.Seats.Where(s => s.Role == "selected" && s.ReleasedAt is null)
            .Select(s => new DrawSeat { PanelNumber = s.PanelNumber, Replaces = s.Replaces ?? 0 }));
        return reply;
    }
}
