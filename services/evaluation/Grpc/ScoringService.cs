using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain.Scoring;
using Supervision.Evaluation.Localization;
using Supervision.Evaluation.V1;
using Supervision.Reference;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Evaluation.Grpc;

/// <summary>Scoring sessions: opened, entered and closed by evaluation officers, read by staff readers.</summary>
public sealed class ScoringService(ScoringSessions sessions, ScoringRules rules, CityDirectory directory, LiveRankingChannel live) : V1.Scoring.ScoringBase
{
    private const int TitleMaxLength = 200;
    private const int MaxUnits = 500;

    public override async Task<ScoringSession> OpenSession(OpenSessionRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var violations = new FieldViolations();
        var sheet = rules.FindSheet(request.SheetId);
        if (sheet is null)
        {
            violations.Add("sheet_id", PlatformTexts.Words["field.one-of", string.Join(", ", rules.Sheets.Select(s => s.Id))]);
        }
        ApplicationValidator.Required("title", request.Title, TitleMaxLength, violations);
        if (request.UnitIds.Count < 2 || request.UnitIds.Count > MaxUnits)
        {
            violations.Add("unit_ids", EvaluationTexts.Words["field.between", 2, MaxUnits]);
        }
        for (var i = 0; i < request.UnitIds.Count; i++)
        {
            var unit = directory.FindUnit(request.UnitIds[i]);
            if (unit is null)
            {
                violations.Add($"unit_ids[{i}]", PlatformTexts.Words["field.unknown-unit", request.UnitIds[i]]);
            }
            else if (request.UnitIds.Take(i).Contains(unit.Id))
            {
                violations.Add($"unit_ids[{i}]", EvaluationTexts.Words["field.duplicate"]);
            }
            else if (sheet is not null && !sheet.UnitKinds.Contains(unit.Kind))
            {
                violations.Add($"unit_ids[{i}]", EvaluationTexts.Words["field.unit-kind", string.Join(", ", sheet.UnitKinds)]);
            }
        }
        violations.ThrowIfAny();
        return ToProto(await sessions.OpenAsync(sheet!, request.Title, request.UnitIds, caller.Subject, context.CancellationToken));
    }

    public override async Task<SubmitScoreResponse> SubmitScore(SubmitScoreRequest request, ServerCallContext context)
    {
        EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var violations = new FieldViolations();
        var sessionId = ApplicationValidator.ReadId("session_id", request.SessionId, violations);
        var memberId = ApplicationValidator.ReadId("member_id", request.MemberId, violations);
        if (request.UnitId.Length == 0)
        {
            violations.Add("unit_id", PlatformTexts.Words["field.required"]);
        }
        violations.ThrowIfAny();
        var ranking = await sessions.RankingAsync(sessionId, context.CancellationToken) ?? throw PanelService.NotFound("scoring.session-not-found");
        var sheet = rules.FindSheet(ranking.Session.SheetId)!;
        foreach (var criterion in sheet.Criteria)
        {
            if (!request.Criteria.TryGetValue(criterion.Id, out var value))
            {
                violations.Add($"criteria[{criterion.Id}]", PlatformTexts.Words["field.required"]);
            }
            else if (double.IsNaN(value) || value < sheet.Scale.Min || value > sheet.Scale.Max)
            {
                violations.Add($"criteria[{criterion.Id}]", EvaluationTexts.Words["field.between", sheet.Scale.Min, sheet.Scale.Max]);
            }
        }
        foreach (var unknown in request.Criteria.Keys.Where(k => sheet.Criteria.All(c => c.Id != k)))
        {
            violations.Add($"criteria[{unknown}]", PlatformTexts.Words["field.one-of", string.Join(", ", sheet.Criteria.Select(c => c.Id))]);
        }
        violations.ThrowIfAny();
        var score = await PanelService.Found(() => sessions.ScoreAsync(sessionId, memberId, request.UnitId, request.Criteria, context.CancellationToken));
        // Broadcast after the commit: the ranking read now includes this score (and any committed meanwhile).
        await live.PublishAsync((await sessions.RankingAsync(sessionId, context.CancellationToken))!);
        return new SubmitScoreResponse { Score = score };
    }

    public override async Task<Ranking> GetRanking(GetRankingRequest request, ServerCallContext context)
    {
        EvaluationAccess.Require(context, EvaluationAccess.Readers, "roles.read");
        var id = ReadSessionId(request.SessionId);
        return ToProto(await sessions.RankingAsync(id, context.CancellationToken) ?? throw PanelService.NotFound("scoring.session-not-found"));
    }

    public override async Task<Ranking> CloseSession(CloseSessionRequest request, ServerCallContext context)
    {
        EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var id = ReadSessionId(request.SessionId);
        var closed = await PanelService.Found(() => sessions.CloseAsync(id, context.CancellationToken));
        await live.PublishAsync(closed);
        return ToProto(closed);
    }

    private static Guid ReadSessionId(string value)
    {
        var violations = new FieldViolations();
        var id = ApplicationValidator.ReadId("session_id", value, violations);
        violations.ThrowIfAny();
        return id;
    }

    internal static V1.RankedUnit ToProto(Domain.Scoring.RankedUnit u) => new()
    {
        UnitId = u.UnitId, Rank = u.Rank, TrimmedMean = u.TrimmedMean, Median = u.Median, Scores = u.Scores,
    };

    private static ScoringSession ToProto(Data.ScoringSessionRecord session)
    {
        var reply = new ScoringSession
        {
            SessionId = session.Id.ToString(), SheetId = session.SheetId, UnitGroup = session.UnitGroup, Title = session.Title,
            Closed = session.Status == "closed",
        };
        reply.UnitIds.AddRange(session.UnitIds);
        return reply;
    }

    private static Ranking ToProto(SessionRanking ranking)
    {
        var reply = new Ranking { Session = ToProto(ranking.Session) };
        reply.Units.AddRange(ranking.Ranking.Select(ToProto));
        reply.Consistency.AddRange(ranking.Consistency.Select(c => new V1.ScorerConsistency
        {
            PanelNumber = c.PanelNumber, Units = c.Units, MeanDistance = c.MeanDistance,
        }));
        reply.Consequences.AddRange(ranking.Consequences.Select(c => new AppliedConsequence
        {
            ConsequenceId = c.Id.ToString(), UnitId = c.UnitId, Consequence = c.Consequence, Rank = c.UnitRank, Score = c.Score,
            DueAt = c.DueAt is { } due ? Timestamp.FromDateTime(DateTime.SpecifyKind(due, DateTimeKind.Utc)) : null,
        }));
        return reply;
    }
}
