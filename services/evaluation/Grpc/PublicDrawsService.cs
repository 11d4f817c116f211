using Grpc.Core;
using Supervision.Evaluation.Domain.Draws;
using Supervision.Evaluation.Localization;
using Supervision.Evaluation.V1;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Evaluation.Grpc;

/// <summary>Public reading and verification of draws: no token, panel numbers only.</summary>
public sealed class PublicDrawsService(TargetedDraws draws) : PublicDraws.PublicDrawsBase
{
    private const int MaxRoster = 10_000;

    public override async Task<PublishedDraw> GetPublishedDraw(GetPublishedDrawRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var id = ApplicationValidator.ReadId("draw_id", request.DrawId, violations);
        violations.ThrowIfAny();
        return DrawService.ToProto(await draws.FindAsync(id, context.CancellationToken) ?? throw PanelService.NotFound("draw.not-found"));
    }

    public override async Task<VerifyDrawResponse> VerifyDraw(VerifyDrawRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        if (request.DrawId.Length > 0)
        {
            var id = ApplicationValidator.ReadId("draw_id", request.DrawId, violations);
            violations.ThrowIfAny();
            var view = await draws.FindAsync(id, context.CancellationToken) ?? throw PanelService.NotFound("draw.not-found");
            if (view.Draw.Seed is null)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, EvaluationTexts.Words["draw.not-revealed"]));
            }
            var published = DrawService.ToProto(view);
            var rerun = Verify(view.Draw.Roster.Select(RosterEntry.Parse).ToList(), Convert.FromHexString(view.Draw.Seed), published.PublicEntropy,
                published.Seats, published.Substitutes, published.GrassrootsShareMinimum);
            rerun.MatchesPublished = rerun.RosterHash == published.RosterHash && rerun.Commitment == published.Commitment
                && rerun.Selected.SequenceEqual(published.Selected) && rerun.GrassrootsSubstitutes.SequenceEqual(published.GrassrootsSubstitutes)
                && rerun.OtherSubstitutes.SequenceEqual(published.OtherSubstitutes);
            return rerun;
        }

        var roster = new List<RosterEntry>();
        if (request.Roster.Count == 0 || request.Roster.Count > MaxRoster)
        {
            violations.Add("roster", EvaluationTexts.Words["field.between", 1, MaxRoster]);
        }
        for (var i = 0; i < request.Roster.Count && i < MaxRoster; i++)
        {
            try
            {
                roster.Add(RosterEntry.Parse(request.Roster[i]));
            }
            catch (FormatException)
            {
                violations.Add($"roster[{i}]", EvaluationTexts.Words["field.roster-line"]);
            }
        }
        if (roster.Select(e => e.PanelNumber).Distinct().Count() != roster.Count)
        {
            violations.Add("roster", EvaluationTexts.Words["field.duplicate"]);
        }
        byte[] seed = [];
        if (request.Seed.Length != 64 || !IsHex(request.Seed))
        {
            violations.Add("seed", EvaluationTexts.Words["field.seed"]);
        }
        else
        {
            seed = Convert.FromHexString(request.Seed);
        }
        ApplicationValidator.MaxLength("public_entropy", request.PublicEntropy, DrawService.EntropyMaxLength, violations);
        if (request.Algorithm != StratifiedDraw.Algorithm)
        {
            violations.Add("algorithm", PlatformTexts.Words["field.one-of", StratifiedDraw.Algorithm]);
        }
        if (request.Seats < 1 || request.Seats > roster.Count)
        {
            violations.Add("seats", EvaluationTexts.Words["field.between", 1, Math.Max(roster.Count, 1)]);
        }
        if (request.Substitutes < 0 || request.Substitutes > MaxRoster)
        {
            violations.Add("substitutes", EvaluationTexts.Words["field.between", 0, MaxRoster]);
        }
        if (request.GrassrootsShareMinimum is < 0 or > 1 || double.IsNaN(request.GrassrootsShareMinimum))
        {
            violations.Add("grassroots_share_minimum", EvaluationTexts.Words["field.between", 0, 1]);
        }
        violations.ThrowIfAny();
        return Verify(roster, seed, request.PublicEntropy, request.Seats, request.Substitutes, request.GrassrootsShareMinimum);
    }

    private static VerifyDrawResponse Verify(IReadOnlyList<RosterEntry> roster, byte[] seed, string publicEntropy, int seats, int substitutes, double minimum)
    {
        var outcome = TargetedDraws.Run(roster, seed, publicEntropy, seats, substitutes, minimum);
        var reply = new VerifyDrawResponse
        {
            RosterHash = Convert.ToHexStringLower(DrawRoster.Hash(roster)),
            Commitment = Convert.ToHexStringLower(DrawRoster.Commitment(seed)),
        };
        reply.Selected.AddRange(outcome.Selected);
        reply.GrassrootsSubstitutes.AddRange(outcome.GrassrootsSubstitutes);
        reply.OtherSubstitutes.AddRange(outcome.OtherSubstitutes);
        return reply;
    }

    private static bool IsHex(string value) => value.All(char.IsAsciiHexDigit);
}
