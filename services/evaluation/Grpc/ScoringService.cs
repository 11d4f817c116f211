using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain.Scoring;
using Supervision.Evaluation.Localization;
using Supervision.Evaluation.V1;
using Supervision.Reference;
using Supervision.ServiceDefaults.Auth;
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
        // A sheet of middle-level cadres names cadres and no units; a sheet of units names units and no cadres.
        var cadres = sheet is { ScoresCadres: true };
        var (subjectField, subjects, otherField, others) = cadres
            ? ("cadre_ids", request.CadreIds, "unit_ids", request.UnitIds)
            : ("unit_ids", request.UnitIds, "cadre_ids", request.CadreIds);
        if (others.Count > 0)
        {
            violations.Add(otherField, EvaluationTexts.Words[cadres ? "field.subjects-cadres" : "field.subjects-units"]);
        }
        if (subjects.Count < 2 || subjects.Count > MaxUnits)
        {
            violations.Add(subjectField, EvaluationTexts.Words["field.between", 2, MaxUnits]);
        }
        for (var i = 0; i < subjects.Count; i++)
        {
            var problem = cadres ? CadreProblem(subjects[i]) : UnitProblem(subjects[i], sheet);
            if (problem is null && subjects.Take(i).Contains(subjects[i]))
            {
                problem = EvaluationTexts.Words["field.duplicate"];
            }
            if (problem is not null)
            {
                violations.Add($"{subjectField}[{i}]", problem);
            }
        }
        violations.ThrowIfAny();
        RequireJurisdiction(caller, sheet!, subjects);
        return ToProto(await sessions.OpenAsync(sheet!, request.Title, subjects, caller.Subject, context.CancellationToken), sheet!);
    }

    /// <summary>What keeps a unit out of a session on the sheet: unknown, or of a kind the sheet does not score; null if nothing.</summary>
    private string? UnitProblem(string unitId, ScoringSheet? sheet) => directory.FindUnit(unitId) switch
    {
        null => PlatformTexts.Words["field.unknown-unit", unitId],
        var unit when sheet is not null && !sheet.UnitKinds.Contains(unit.Kind) => EvaluationTexts.Words["field.unit-kind", string.Join(", ", sheet.UnitKinds)],
        _ => null,
    };

    /// <summary>What keeps a cadre out of a session of middle-level cadres: unknown, or not middle-level; null if nothing.</summary>
    private string? CadreProblem(string cadreId) => directory.FindCadre(cadreId) switch
    {
        null => PlatformTexts.Words["field.unknown-cadre", cadreId],
        { MiddleLevel: false } => EvaluationTexts.Words["field.middle-level-cadre", cadreId],
        _ => null,
    };

    public override async Task<SubmitScoreResponse> SubmitScore(SubmitScoreRequest request, ServerCallContext context)
    {
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var violations = new FieldViolations();
        var sessionId = ApplicationValidator.ReadId("session_id", request.SessionId, violations);
        var memberId = ApplicationValidator.ReadId("member_id", request.MemberId, violations);
        if (request.UnitId.Length == 0 && request.CadreId.Length == 0)
        {
            violations.Add("unit_id", PlatformTexts.Words["field.required"]);
        }
        violations.ThrowIfAny();
        var ranking = await sessions.RankingAsync(sessionId, context.CancellationToken) ?? throw PanelService.NotFound("scoring.session-not-found");
        var sheet = rules.FindSheet(ranking.Session.SheetId)!;
        RequireJurisdiction(caller, sheet, ranking.Session.UnitIds);
        var (subjectField, subject, otherField, other) = sheet.ScoresCadres
            ? ("cadre_id", request.CadreId, "unit_id", request.UnitId)
            : ("unit_id", request.UnitId, "cadre_id", request.CadreId);
        if (subject.Length == 0)
        {
            violations.Add(subjectField, PlatformTexts.Words["field.required"]);
        }
        if (other.Length > 0)
        {
            violations.Add(otherField, EvaluationTexts.Words[sheet.ScoresCadres ? "field.subjects-cadres" : "field.subjects-units"]);
        }
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
        var score = await PanelService.Found(() => sessions.ScoreAsync(sessionId, memberId, subject, request.Criteria, context.CancellationToken));
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
        var caller = EvaluationAccess.Require(context, EvaluationAccess.Officers, "roles.officer");
        var id = ReadSessionId(request.SessionId);
        var open = await sessions.RankingAsync(id, context.CancellationToken) ?? throw PanelService.NotFound("scoring.session-not-found");
        RequireJurisdiction(caller, rules.FindSheet(open.Session.SheetId)!, open.Session.UnitIds);
        var closed = await PanelService.Found(() => sessions.CloseAsync(id, context.CancellationToken));
        await live.PublishAsync(closed);
        return ToProto(closed);
    }

    /// <summary>An officer opens, enters and closes only sessions whose every unit (or cadre's unit) lies in their jurisdiction.</summary>
    private void RequireJurisdiction(StaffCaller caller, ScoringSheet sheet, IEnumerable<string> subjectIds)
    {
        foreach (var id in subjectIds)
        {
            var division = sheet.ScoresCadres ? directory.FindCadre(id)?.DivisionCode : directory.FindUnit(id)?.DivisionCode;
            directory.RequireJurisdiction(caller, division ?? directory.CityCode);
        }
    }

    private static Guid ReadSessionId(string value)
    {
        var violations = new FieldViolations();
        var id = ApplicationValidator.ReadId("session_id", value, violations);
        violations.ThrowIfAny();
        return id;
    }

    /// <summary>A ranked unit, or a ranked cadre with the cadre's unit, as the API shows it.</summary>
    internal static V1.RankedUnit ToProto(Domain.Scoring.RankedUnit u, ScoringSheet sheet, CityDirectory directory) => new()
    {
        UnitId = sheet.ScoresCadres ? directory.FindCadre(u.UnitId)?.UnitId ?? "" : u.UnitId, CadreId = sheet.ScoresCadres ? u.UnitId : "",
        Rank = u.Rank, TrimmedMean = u.TrimmedMean, Median = u.Median, Scores = u.Scores,
    };

    private static ScoringSession ToProto(ScoringSessionRecord session, ScoringSheet sheet)
    {
        var reply = new ScoringSession
        {
            SessionId = session.Id.ToString(), SheetId = session.SheetId, UnitGroup = session.UnitGroup, Title = session.Title,
            Closed = session.Status == "closed", Subjects = sheet.Subjects,
        };
        (sheet.ScoresCadres ? reply.CadreIds : reply.UnitIds).AddRange(session.UnitIds);
        return reply;
    }

    private Ranking ToProto(SessionRanking ranking)
    {
        var sheet = rules.FindSheet(ranking.Session.SheetId)!;
        var reply = new Ranking { Session = ToProto(ranking.Session, sheet) };
        reply.Units.AddRange(ranking.Ranking.Select(u => ToProto(u, sheet, directory)));
        reply.Consistency.AddRange(ranking.Consistency.Select(c => new V1.ScorerConsistency
        {
            PanelNumber = c.PanelNumber, Units = c.Units, MeanDistance = c.MeanDistance,
        }));
        reply.Consequences.AddRange(ranking.Consequences.Select(c => new AppliedConsequence
        {
            ConsequenceId = c.Id.ToString(), UnitId = sheet.ScoresCadres ? directory.FindCadre(c.UnitId)?.UnitId ?? "" : c.UnitId,
            CadreId = sheet.ScoresCadres ? c.UnitId : "", Consequence = c.Consequence, Rank = c.UnitRank, Score = c.Score,
            DueAt = c.DueAt is { } due ? Timestamp.FromDateTime(DateTime.SpecifyKind(due, DateTimeKind.Utc)) : null,
            Text = ConsequenceWords.Text(c, ranking.Ranking.Count, sheet, rules, directory),
        }));
        return reply;
    }
}
