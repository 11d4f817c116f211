using Npgsql;
using Supervision.Contracts.Events.Reporting;
using Supervision.Reporting.Data;
using Supervision.Reporting.Localization;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Reporting.Domain;

/// <summary>A vacancy to publish, as checked at the edge.</summary>
public sealed record VacancyPlan(string UnitId, string DivisionCode, string Post, int Posts, string Requirements, string Method, string Procedure);

/// <summary>
/// Two publics, five competitions (两公开五差额): a vacancy is published with its requirements, method and procedure, and
/// its selection moves through nomination, recommendation, inspection, deliberation and vote, each with more candidates
/// than posts. The margin of each stage is data (<see cref="OpennessOptions.ExtraCandidates"/>).
/// </summary>
public sealed class CompetitiveSelection(OpennessOptions options, Outbox outbox, TimeProvider time)
{
    public const string Concluded = "concluded";

    /// <summary>The five stages, in order.</summary>
    public static readonly System.Collections.Immutable.ImmutableArray<string> Stages = ["nomination", "recommendation", "inspection", "deliberation", "vote"];

    /// <summary>The candidates a stage needs for <paramref name="posts"/> posts: more than the posts, by the stage's margin.</summary>
    public int MinimumCandidates(string stage, int posts) => posts + options.ExtraCandidates.GetValueOrDefault(stage, 1);

    public static string NextStage(string stage) => Stages.IndexOf(stage) is var i and >= 0 && i + 1 < Stages.Length ? Stages[i + 1] : Concluded;

    /// <summary>Publishes the vacancy once per idempotency key; null when the key was used for a different request.</summary>
    public async Task<VacancyRow?> PublishAsync(NpgsqlTransaction transaction, VacancyPlan plan, string publishedBy, string idempotencyKey, byte[] requestHash,
        CancellationToken ct)
    {
        var now = Stored(time.GetUtcNow());
        var row = new VacancyRow(Guid.CreateVersion7(), plan.UnitId, plan.DivisionCode, plan.Post, plan.Posts, plan.Requirements, plan.Method,
            plan.Procedure, Stages[0], publishedBy, now);
        if (await VacancyStore.AddAsync(transaction, row, idempotencyKey, requestHash, ct))
        {
            await outbox.EnqueueAsync(transaction.Connection!, transaction, new VacancyPublished
            {
                VacancyId = row.VacancyId, UnitId = row.UnitId, DivisionCode = row.DivisionCode, Post = row.Post, Posts = row.Posts, At = now,
            }, ct);
            return row;
        }
        return await VacancyStore.ReplayAsync(transaction, idempotencyKey, requestHash, ct);
    }

    /// <summary>
    /// Completes the vacancy's current stage with its candidates and moves the selection on. Refused when the stage is not
    /// the one under way, when there are too few candidates for the posts (with the numbers), or when a later stage names
    /// someone the previous stage did not carry. Null when there is no such vacancy.
    /// </summary>
    public async Task<VacancyRow?> AdvanceAsync(NpgsqlTransaction transaction, Guid vacancyId, string stage, IReadOnlyList<string> candidates,
        string completedBy, CancellationToken ct)
    {
        var vacancy = await VacancyStore.FindAsync(transaction, vacancyId, forUpdate: true, ct);
        if (vacancy is null)
        {
            return null;
        }
        if (vacancy.Stage != stage)
        {
            throw vacancy.Stage == Concluded
                ? ReportingTexts.Words.Refusal("selection.concluded", StageWord(stage))
                : ReportingTexts.Words.Refusal("selection.wrong-stage", StageWord(stage), StageWord(vacancy.Stage));
        }
        var needed = MinimumCandidates(stage, vacancy.Posts);
        if (candidates.Count < needed)
        {
            throw ReportingTexts.Words.Refusal("selection.too-few", StageWord(stage), candidates.Count, vacancy.Posts, needed);
        }
        if (Stages.IndexOf(stage) > 0)
        {
            var previous = await VacancyStore.CandidatesAsync(transaction, vacancyId, Stages[Stages.IndexOf(stage) - 1], ct);
            var strangers = candidates.Where(c => !previous.Contains(c)).ToList();
            if (strangers.Count > 0)
            {
                throw ReportingTexts.Words.Refusal("selection.not-carried", string.Join(", ", strangers), StageWord(Stages[Stages.IndexOf(stage) - 1]));
            }
        }
        var now = Stored(time.GetUtcNow());
        var next = NextStage(stage);
        await VacancyStore.CompleteStageAsync(transaction, vacancyId, stage, candidates, next, completedBy, now, ct);
        await outbox.EnqueueAsync(transaction.Connection!, transaction, new SelectionStageCompleted
        {
            VacancyId = vacancyId, Stage = stage, Candidates = candidates.Count, Posts = vacancy.Posts, NextStage = next, At = now,
        }, ct);
        return vacancy with { Stage = next };
    }

    public static Func<System.Globalization.CultureInfo, string> StageWord(string stage) => ReportingTexts.Words.Word("selection.stage." + stage);

    /// <summary>An instant as the database keeps it (microseconds).</summary>
    public static DateTime Stored(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, DateTimeKind.Utc);
}
