using Google.Protobuf.WellKnownTypes;
using Supervision.Inspection.Domain;
using Supervision.Inspection.V1;

namespace Supervision.Inspection.Grpc;

/// <summary>Domain records as the API shows them, in the caller's language.</summary>
public sealed class ProtoMapping(InspectionWording wording)
{
    public static readonly IReadOnlyDictionary<TargetKind, string> TargetKindNames = new Dictionary<TargetKind, string>
    {
        [TargetKind.Division] = TargetKinds.Division,
        [TargetKind.Department] = TargetKinds.Department,
        [TargetKind.Unit] = TargetKinds.Unit,
    };

    public static readonly IReadOnlyDictionary<PlanKind, string> PlanKindNames = new Dictionary<PlanKind, string>
    {
        [PlanKind.Regular] = PlanKinds.Regular,
        [PlanKind.AdHoc] = PlanKinds.AdHoc,
    };

    public Inspector Inspector(InspectorRecord inspector) => new()
    {
        InspectorId = inspector.Id,
        Name = inspector.Name,
        HomeDivisionCode = inspector.HomeDivisionCode,
        CadreId = inspector.CadreId ?? "",
        Postings =
        {
            inspector.Postings.Select(p => new Posting
            {
                UnitId = p.UnitId, Post = p.Post, From = p.From.ToString(EdgeRules.DateFormat), To = p.To?.ToString(EdgeRules.DateFormat) ?? "",
            }),
        },
        Relatives = { inspector.Relatives.Select(r => new Relative { Kind = r.Kind, Name = r.Name, Post = r.Post, UnitId = r.UnitId }) },
    };

    public static Target Target(TourTarget target) => new()
    {
        Kind = TargetKindNames.First(k => k.Value == target.Kind).Key,
        Id = target.Id,
        Name = InspectionWording.TargetName(target),
    };

    public Tour Tour(TourRecord tour) => new()
    {
        TourId = tour.Id.ToString(),
        PlanId = tour.PlanId.ToString(),
        Round = tour.Round,
        Target = Target(tour.Target),
        StartsOn = tour.StartsOn.ToString(EdgeRules.DateFormat),
        EndsOn = tour.EndsOn.ToString(EdgeRules.DateFormat),
        State = tour.State switch
        {
            TourStates.Planned => TourState.Planned,
            TourStates.TeamFormed => TourState.TeamFormed,
            TourStates.Closed => TourState.Closed,
            _ => TourState.Unspecified,
        },
        ChoiceReason = tour.ChoiceReason,
        ChosenBy = tour.ChosenBy,
        CandidateReasons = wording.Candidate(tour.Target, tour.Candidate),
        Team =
        {
            tour.Team.Select(m => new TeamMember
            {
                InspectorId = m.InspectorId, Name = m.Name, Leader = m.Leader,
                DeclarationSignedAt = m.DeclarationSignedAt is { } signed ? Timestamp.FromDateTimeOffset(signed) : null,
                RecusedAt = m.RecusedAt is { } recused ? Timestamp.FromDateTimeOffset(recused) : null,
                RecusalRule = m.Recusal?.Rule ?? "",
                RecusalReason = m.Recusal is { } recusal ? ExclusionReason(recusal) : "",
                ProposedReplacementId = m.Recusal?.ProposedReplacementId ?? "",
                ReplacedBy = m.ReplacedBy ?? "",
                SeatedAt = m.SeatedAt is { } seated ? Timestamp.FromDateTimeOffset(seated) : null,
            }),
        },
    };

    public Plan Plan(PlanRecord plan, IEnumerable<TourRecord> tours) => new()
    {
        PlanId = plan.Id.ToString(),
        Kind = PlanKindNames.First(k => k.Value == plan.Kind).Key,
        Year = plan.Year,
        Title = plan.Title,
        Rounds = { plan.Rounds.Select(r => new Round { Number = r.Number, Title = r.Title, StartsOn = r.StartsOn.ToString(EdgeRules.DateFormat) }) },
        Tours = { tours.Select(Tour) },
    };

    public Candidate Candidate(RankedCandidate candidate) => new()
    {
        Target = Target(candidate.Target),
        Score = candidate.Facts.Score,
        Reports = candidate.Facts.Reports,
        Substantiated = candidate.Facts.Substantiated,
        Late = candidate.Facts.Late,
        ElectionDue = candidate.Facts.ElectionDue ?? "",
        Reasons = wording.Candidate(candidate.Target, candidate.Facts),
    };

    public Conflict Conflict(RecusalConflict conflict) => new()
    {
        InspectorId = conflict.InspectorId, Rule = conflict.Rule, Reason = wording.Conflict(conflict),
    };

    public Exclusion Exclusion(ExclusionRecord exclusion) => new()
    {
        InspectorId = exclusion.InspectorId,
        Rule = exclusion.Rule,
        Reason = ExclusionReason(exclusion),
        RecordedBy = exclusion.RecordedBy,
        RecordedAt = Timestamp.FromDateTimeOffset(exclusion.RecordedAt),
        MidTour = exclusion.MidTour,
        ProposedReplacementId = exclusion.ProposedReplacementId ?? "",
    };

    private string ExclusionReason(ExclusionRecord exclusion) =>
        wording.Conflict(exclusion.InspectorId, exclusion.InspectorName, exclusion.Rule, exclusion.Detail);

    public static readonly IReadOnlyDictionary<Severity, string> SeverityNames = new Dictionary<Severity, string>
    {
        [Severity.Minor] = "minor",
        [Severity.Serious] = "serious",
        [Severity.Grave] = "grave",
    };

    public static readonly IReadOnlyDictionary<RectificationState, string> RectificationStateNames = new Dictionary<RectificationState, string>
    {
        [RectificationState.Open] = RectificationStates.Open,
        [RectificationState.InProgress] = RectificationStates.InProgress,
        [RectificationState.SubmittedForVerification] = RectificationStates.Submitted,
        [RectificationState.Verified] = RectificationStates.Verified,
    };

    public static Finding Finding(FindingRecord finding) => new()
    {
        FindingId = finding.Id.ToString(), TourId = finding.TourId.ToString(), Category = finding.Category, Description = finding.Description,
        Evidence = finding.Evidence, Severity = SeverityNames.First(s => s.Value == finding.Severity).Key, CadreIds = { finding.CadreIds },
        UnitIds = { finding.UnitIds }, RecordedBy = finding.RecordedBy,
    };

    public static TourReport Report(TourReportRecord report, IEnumerable<FindingRecord> findings) => new()
    {
        TourId = report.TourId.ToString(),
        State = report.State switch
        {
            ReportStates.Draft => TourReportState.Draft,
            ReportStates.Submitted => TourReportState.Submitted,
            ReportStates.Reviewed => TourReportState.Reviewed,
            ReportStates.Returned => TourReportState.Returned,
            ReportStates.FedBack => TourReportState.FedBack,
            _ => TourReportState.Unspecified,
        },
        Summary = report.Summary,
        Recommendations = report.Recommendations,
        Findings = { findings.Select(Finding) },
        DecidedBy = report.DecidedBy ?? "",
        DecisionNote = report.DecisionNote ?? "",
    };

    public static RectificationItem Item(RectificationItemRecord item) => new()
    {
        ItemId = item.Id.ToString(), TourId = item.TourId.ToString(), FindingId = item.FindingId.ToString(), ResponsibleUnitId = item.ResponsibleUnitId,
        ResponsiblePerson = item.ResponsiblePerson, Measures = item.Measures, Deadline = item.Deadline.ToString(EdgeRules.DateFormat),
        State = RectificationStateNames.First(s => s.Value == item.State).Key, Evidence = item.Evidence, Overdue = item.Overdue,
    };

    public static RectificationList Items(IEnumerable<RectificationItemRecord> items) => new() { Items = { items.Select(Item) } };

    public static Progress Progress(ProgressRecord progress) => new()
    {
        Total = progress.Total, Open = progress.Open, InProgress = progress.InProgress, Submitted = progress.Submitted, Verified = progress.Verified,
        Overdue = progress.Overdue,
    };

    public RectificationNotice Notice(RectificationNoticeRecord notice) => new()
    {
        TourId = notice.Tour.Id.ToString(),
        Target = Target(notice.Tour.Target),
        StartsOn = notice.Tour.StartsOn.ToString(EdgeRules.DateFormat),
        EndsOn = notice.Tour.EndsOn.ToString(EdgeRules.DateFormat),
        IssuedAt = Timestamp.FromDateTimeOffset(notice.IssuedAt),
        Total = notice.Items.Count,
        Verified = notice.Verified,
        Unfinished = notice.Unfinished,
        OverdueUnfinished = notice.OverdueUnfinished,
        Text = InspectionWording.Notice(notice),
        Items =
        {
            notice.Items.Select(i => new RectificationNoticeItem
            {
                ResponsibleUnitId = i.ResponsibleUnitId, ResponsibleUnit = wording.UnitName(i.ResponsibleUnitId),
                State = RectificationStateNames.First(s => s.Value == i.State).Key, StateWords = InspectionWording.RectificationState(i.State),
                Deadline = i.Deadline.ToString(EdgeRules.DateFormat), Overdue = i.Overdue,
            }),
        },
    };

    public static PreAnnouncement PreAnnouncement(PreAnnouncementRecord announcement) => new()
    {
        TourId = announcement.Tour.Id.ToString(),
        Target = Target(announcement.Tour.Target),
        StartsOn = announcement.Tour.StartsOn.ToString(EdgeRules.DateFormat),
        EndsOn = announcement.Tour.EndsOn.ToString(EdgeRules.DateFormat),
        Purpose = announcement.Text.Purpose,
        Methods = announcement.Text.Methods,
        Discipline = announcement.Text.Discipline,
        OfficeAddress = announcement.Text.OfficeAddress,
        ContactPhone = announcement.Text.ContactPhone,
        Mailbox = announcement.Text.Mailbox,
        Email = announcement.Text.Email,
        Hotline = announcement.Text.Hotline,
        PublishedAt = Timestamp.FromDateTimeOffset(announcement.PublishedAt),
    };
    public static WorkRecord WorkRecord(WorkRecordRecord record) => new()
    {
        RecordId = record.Id.ToString(), TourId = record.TourId.ToString(), Kind = record.Kind, KindWords = InspectionWording.WorkRecordKind(record.Kind),
        HeldOn = record.HeldOn.ToString(EdgeRules.DateFormat), InspectorIds = { record.InspectorIds }, CadreIds = { record.CadreIds }, Notes = record.Notes,
        HasInterviewee = record.HasInterviewee, RecordedBy = record.RecordedBy, RecordedAt = Timestamp.FromDateTimeOffset(record.RecordedAt),
    };

    public Assessment Assessment(AssessmentRecord assessment) => new()
    {
        AssessmentId = assessment.Id.ToString(), TourId = assessment.TourId.ToString(), LeadershipUnitId = assessment.LeadershipUnitId ?? "",
        CadreId = assessment.CadreId ?? "", SubjectName = wording.Subject(assessment.LeadershipUnitId, assessment.CadreId), Grade = assessment.Grade,
        GradeWords = InspectionWording.Grade(assessment.Grade), Text = assessment.Text, FindingIds = { assessment.FindingIds.Select(id => id.ToString()) },
        WorkRecordIds = { assessment.WorkRecordIds.Select(id => id.ToString()) }, RecordedBy = assessment.RecordedBy,
        RecordedAt = Timestamp.FromDateTimeOffset(assessment.RecordedAt),
    };

    public Recommendation Recommendation(RecommendationRecord recommendation) => new()
    {
        RecommendationId = recommendation.Id.ToString(), TourId = recommendation.TourId.ToString(), Kind = recommendation.Kind,
        KindWords = InspectionWording.RecommendationKind(recommendation.Kind), UnitId = recommendation.UnitId ?? "", CadreId = recommendation.CadreId ?? "",
        SubjectName = wording.Subject(recommendation.UnitId, recommendation.CadreId), Text = recommendation.Text, State = recommendation.State,
        StateWords = InspectionWording.RecommendationState(recommendation.State), MadeBy = recommendation.MadeBy,
        MadeAt = Timestamp.FromDateTimeOffset(recommendation.MadeAt),
        FollowUps =
        {
            recommendation.FollowUps.Select(f => new RecommendationFollowUp
            {
                State = f.State, StateWords = InspectionWording.RecommendationState(f.State), Note = f.Note, RecordedBy = f.RecordedBy,
                RecordedAt = Timestamp.FromDateTimeOffset(f.RecordedAt),
            }),
        },
    };

    /// <summary>The tour report with its assessments and recommendations (and their follow-up).</summary>
    /// <summary>The tour report with its referred findings: each one's intake report and, once routing opens it, its case.</summary>
    public static TourReport WithReferrals(TourReport report, IReadOnlyList<FindingReferralRecord> referrals)
    {
        report.Referrals.AddRange(referrals.Select(Referral));
        return report;
    }

    public static FindingReferral Referral(FindingReferralRecord referral) => new()
    {
        FindingId = referral.FindingId.ToString(),
        TourId = referral.TourId.ToString(),
        ReportId = referral.ReportId.ToString(),
        TrackingNumber = referral.TrackingNumber,
        ReferredBy = referral.ReferredBy,
        ReferredAt = Timestamp.FromDateTimeOffset(referral.ReferredAt),
        CaseId = referral.CaseId?.ToString() ?? "",
        CaseProgress = CaseProgressOf(referral.CaseProgress),
    };

    public static CaseProgress CaseProgressOf(string progress) => progress switch
    {
        CaseProgressNames.Open => CaseProgress.Open,
        CaseProgressNames.Concluded => CaseProgress.Concluded,
        CaseProgressNames.Closed => CaseProgress.Closed,
        _ => CaseProgress.NotOpened,
    };

    public TourReport WithRecords(TourReport report, (IReadOnlyList<AssessmentRecord> Assessments, IReadOnlyList<RecommendationRecord> Recommendations) records)
    {
        report.Assessments.AddRange(records.Assessments.Select(Assessment));
        report.RecommendationsMade.AddRange(records.Recommendations.Select(Recommendation));
        return report;
    }
}
