using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Domain.Draws;
using Supervision.Evaluation.Localization;
using Supervision.Evaluation.V1;
using Supervision.Reference;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Evaluation.Grpc;

/// <summary>Targeted-evaluation proposals: readers list them within their jurisdiction, evaluation officers accept or dismiss them.</summary>
public sealed class TargetedEvaluationService(TargetedProposals proposals, PanelRules rules, CityDirectory directory)
    : TargetedEvaluations.TargetedEvaluationsBase
{
    public const int ReasonMaxLength = 500;

    private static readonly Dictionary<ProposalStatus, string?> Statuses = new()
    {
        [ProposalStatus.Unspecified] = null,
        [ProposalStatus.Proposed] = "proposed",
        [ProposalStatus.Accepted] = "accepted",
        [ProposalStatus.Dismissed] = "dismissed",
    };

    public override async Task<ListProposalsResponse> ListProposals(ListProposalsRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Readers, "roles.read");
        var violations = new FieldViolations();
        var (before, size) = PageToken.Read(request.PageToken, request.PageSize, EvaluationAccess.DefaultPageSize, EvaluationAccess.MaxPageSize,
            violations);
        if (request.DivisionCode.Length > 0 && directory.FindDivision(request.DivisionCode) is null)
        {
            violations.Add("division_code", PlatformTexts.Words["field.unknown-division", request.DivisionCode]);
        }
        if (!Statuses.TryGetValue(request.Status, out var status))
        {
            violations.Add("status", EvaluationTexts.Words["field.proposal-status"]);
        }
        violations.ThrowIfAny();
        var division = request.DivisionCode.Length > 0 ? request.DivisionCode : caller.DivisionCode;
        directory.RequireJurisdiction(caller, division);
        var page = await proposals.ListAsync(division == directory.CityCode ? null : directory.Subtree(division), status, before, size,
            context.CancellationToken);
        var response = new ListProposalsResponse
        {
            NextPageToken = page.Count == size ? PageToken.Encode(page[^1].ProposedAt, page[^1].Id) : "",
        };
        response.Proposals.AddRange(page.Select(ToProto));
        return response;
    }

    public override async Task<ProposalDecision> AcceptProposal(AcceptProposalRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var violations = new FieldViolations();
        var id = ApplicationValidator.ReadId("proposal_id", request.ProposalId, violations);
        DrawService.ValidateDraw(rules, request.Seats, request.Substitutes, request.Purpose, violations);
        violations.ThrowIfAny();
        await RequireJurisdictionAsync(caller, id, context);
        var decision = await PanelService.Found(() =>
            proposals.AcceptAsync(id, request.Seats, request.Substitutes, request.Purpose, caller.Subject, context.CancellationToken));
        return ToProto(decision);
    }

    public override async Task<ProposalDecision> DismissProposal(DismissProposalRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var violations = new FieldViolations();
        var id = ApplicationValidator.ReadId("proposal_id", request.ProposalId, violations);
        ApplicationValidator.Required("reason", request.Reason, ReasonMaxLength, violations);
        violations.ThrowIfAny();
        await RequireJurisdictionAsync(caller, id, context);
        return ToProto(await PanelService.Found(() => proposals.DismissAsync(id, request.Reason, caller.Subject, context.CancellationToken)));
    }

    private async Task RequireJurisdictionAsync(StaffCaller caller, Guid id, ServerCallContext context)
    {
        var proposal = await proposals.FindAsync(id, context.CancellationToken) ?? throw PanelService.NotFound("proposal.not-found");
        directory.RequireJurisdiction(caller, proposal.DivisionCode);
    }

    private ProposalDecision ToProto(DecidedProposal decision) =>
        new() { Proposal = ToProto(decision.Proposal), Draw = decision.Draw is { } draw ? DrawService.ToProto(draw) : null };

    private TargetedProposal ToProto(TargetedProposalRecord proposal) => new()
    {
        ProposalId = proposal.Id.ToString(),
        UnitId = proposal.UnitId,
        UnitName = ConsequenceWords.UnitName(directory, proposal.UnitId),
        DivisionCode = proposal.DivisionCode,
        Complaints = proposal.Complaints,
        CityMedian = proposal.CityMedian,
        WindowMonths = proposal.WindowMonths,
        Reasons = EvaluationTexts.Words["proposal.reasons", proposal.WindowMonths, proposal.Complaints, proposal.CityMedian.ToString("0.#")],
        Status = Statuses.First(s => s.Value == proposal.Status).Key,
        ProposedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(proposal.ProposedAt, DateTimeKind.Utc)),
        DecidedAt = proposal.DecidedAt is { } decided ? Timestamp.FromDateTime(DateTime.SpecifyKind(decided, DateTimeKind.Utc)) : null,
        DismissalReason = proposal.DismissalReason ?? "",
        DrawId = proposal.DrawId?.ToString() ?? "",
    };
}
