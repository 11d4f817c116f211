using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;

namespace Supervision.Reporting.Grpc;

/// <summary>Vacancies and publicities as the API shows them, in the caller's language; the public edition names no candidate and counts no report.</summary>
public sealed class OpennessReading(Figures figures, CityDirectory directory, DispatchSchedule schedule, CompetitiveSelection selection)
{
    private static readonly Dictionary<string, SelectionStage> StageValues = new()
    {
        ["nomination"] = SelectionStage.Nomination,
        ["recommendation"] = SelectionStage.Recommendation,
        ["inspection"] = SelectionStage.Inspection,
        ["deliberation"] = SelectionStage.Deliberation,
        ["vote"] = SelectionStage.Vote,
        [CompetitiveSelection.Concluded] = SelectionStage.Concluded,
    };

    private static readonly Dictionary<string, AppointmentStatus> StatusValues = new()
    {
        [AppointmentPublicity.Held] = AppointmentStatus.Held,
        [AppointmentPublicity.Cleared] = AppointmentStatus.Cleared,
        [AppointmentPublicity.Appointed] = AppointmentStatus.Appointed,
        [AppointmentPublicity.Withdrawn] = AppointmentStatus.Withdrawn,
    };

    /// <summary>The domain's word for an API stage; null for one that is not a stage to complete.</summary>
    public static string? StageOf(SelectionStage stage) =>
        StageValues.FirstOrDefault(p => p.Value == stage && p.Key != CompetitiveSelection.Concluded).Key;

    public static IReadOnlyList<SelectionStage> StagesToComplete => CompetitiveSelection.Stages.Select(s => StageValues[s]).ToList();

    public Vacancy Read(VacancyRow row, IEnumerable<StageRow> stages, bool staff)
    {
        var vacancy = new Vacancy
        {
            VacancyId = row.VacancyId.ToString(),
            UnitId = row.UnitId,
            UnitName = figures.UnitName(row.UnitId),
            DivisionCode = row.DivisionCode,
            Post = row.Post,
            Posts = row.Posts,
            Requirements = row.Requirements,
            Method = row.Method,
            Procedure = row.Procedure,
            Stage = StageValues[row.Stage],
            StageName = ReportingTexts.Words["selection.stage." + row.Stage],
            MinimumCandidates = row.Stage == CompetitiveSelection.Concluded ? 0 : selection.MinimumCandidates(row.Stage, row.Posts),
            PublishedAt = Figures.Stamp(row.PublishedAt),
        };
        foreach (var stage in stages.Where(s => s.VacancyId == row.VacancyId).OrderBy(s => CompetitiveSelection.Stages.IndexOf(s.Stage)))
        {
            var record = new SelectionStageRecord
            {
                Stage = StageValues[stage.Stage],
                StageName = ReportingTexts.Words["selection.stage." + stage.Stage],
                Candidates = stage.CandidateCadreIds.Length,
                CompletedAt = Figures.Stamp(stage.CompletedAt),
            };
            if (staff)
            {
                record.CandidateCadreIds.AddRange(stage.CandidateCadreIds);
            }
            vacancy.Stages.Add(record);
        }
        return vacancy;
    }

    public Publicity Read(PublicityRow row, PublicityHolds holds, bool staff)
    {
        var cadre = directory.FindCadre(row.CadreId);
        var publicity = new Publicity
        {
            PublicityId = row.PublicityId.ToString(),
            CadreId = row.CadreId,
            CadreName = cadre?.Name ?? row.CadreId,
            UnitId = row.UnitId,
            UnitName = figures.UnitName(row.UnitId),
            DivisionCode = row.DivisionCode,
            ProposedPost = row.ProposedPost,
            BasicFacts = row.BasicFacts,
            ConductRecord = row.ConductRecord,
            ResidentialCommunity = row.ResidentialCommunity,
            VacancyId = row.VacancyId?.ToString() ?? "",
            OpenedAt = Figures.Stamp(row.OpenedAt),
            WindowEndsAt = Figures.Stamp(row.WindowEndsAt),
            ObjectionWorkingDays = row.ObjectionWorkingDays,
            Status = StatusValues[row.Status],
            StatusName = ReportingTexts.Words["publicity.status." + row.Status],
            WindowOpen = holds.WindowOpen,
            DecidedAt = row.DecidedAt is { } decided ? Figures.Stamp(decided) : null,
            DecisionReason = row.DecisionReason ?? "",
        };
        if (staff)
        {
            publicity.OpenReports = holds.OpenReports;
            publicity.Objections = holds.Objections;
            publicity.HoldReason = HoldReason(row, holds);
        }
        return publicity;
    }

    /// <summary>Why a held appointment is held, in words; empty when it is not held.</summary>
    public string HoldReason(PublicityRow row, PublicityHolds holds) =>
        row.Status != AppointmentPublicity.Held
            ? ""
            : holds.WindowOpen
                ? ReportingTexts.Words["publicity.hold.window", schedule.LocalTime(AppointmentPublicity.Utc(row.WindowEndsAt)), holds.OpenReports,
                    holds.OpenObjections]
                : ReportingTexts.Words["publicity.hold.reports", holds.OpenReports, holds.OpenObjections];

    public Commitment Read(CommitmentRow row) => new()
    {
        CommitmentId = row.CommitmentId.ToString(),
        UnitId = row.UnitId,
        UnitName = figures.UnitName(row.UnitId),
        DivisionCode = row.DivisionCode,
        CadreId = row.CadreId,
        CadreName = directory.FindCadre(row.CadreId)?.Name ?? row.CadreId,
        Commitment_ = row.Commitment,
        DueBy = row.DueBy,
        Status = row.Status switch
        {
            PublicCommitments.Kept => CommitmentStatus.Kept,
            PublicCommitments.NotKept => CommitmentStatus.NotKept,
            _ => CommitmentStatus.Pending,
        },
        StatusName = ReportingTexts.Words["commitment.status." + row.Status],
        Assessment = row.Assessment ?? "",
        PublishedAt = Figures.Stamp(row.PublishedAt),
        AssessedAt = row.AssessedAt is { } assessed ? Figures.Stamp(assessed) : null,
    };

    public CodeOfConduct Read(CodeOfConductRow row) => new()
    {
        UnitId = row.UnitId,
        UnitName = figures.UnitName(row.UnitId),
        Version = row.Version,
        Text = row.Text,
        PublishedAt = Figures.Stamp(row.PublishedAt),
    };
}
