namespace Supervision.Inspection.Domain;

/// <summary>
/// The demo city's completed tour: the 2026 annual plan's first round at 嘉祥县, from the choice of target to the public
/// notice of rectification status. Each step carries the day it happened (city time), so the loader replays the tour on
/// its own clock through the same domain as the API, and every event carries its historical time. Its three leadership
/// teams adjusted are the seed's year of tours (3 leadership teams adjusted).
/// </summary>
public static class DemoTour
{
    public const string LoadedBy = "demo-data";
    public const string PlanStaff = "plan-staff-370800";
    public const string CityCommittee = "city-committee";

    public static readonly PlanRecord Plan = new(Guid.Parse("0193f0a0-2026-7000-8000-000000000001"), PlanKinds.Regular, 2026, "济宁市委2026年度巡察工作计划",
        [new RoundRecord(1, "第一轮巡察：县（市、区）党委和政府", new DateOnly(2026, 3, 2)), new RoundRecord(2, "第二轮巡察：市直部门", new DateOnly(2026, 8, 3))]);

    public const int Round = 1;
    public const string TargetDivision = "370829";
    public static readonly DateOnly StartsOn = new(2026, 3, 2);
    public const string ChoiceReason = "嘉祥县近6个月举报量高于全市中位数，群众反映审批服务、医疗卫生领域作风问题较多，列为第一轮巡察对象。";

    public const string Leader = "i-015";
    public static readonly IReadOnlyList<string> Members = ["i-018", "i-036"];

    public static readonly PreAnnouncementText Announcement = new(
        "了解嘉祥县领导班子和干部队伍建设、选人用人、作风建设和整改落实情况，听取干部群众意见。",
        "个别谈话、调阅资料、实地走访、受理来信来电来访，走访人大代表、党代表和政协委员。",
        "巡察组严格执行中央八项规定精神和巡察工作纪律，不干预被巡察单位正常工作，接受干部群众监督。",
        "嘉祥县迎宾馆3号楼301室", "0537-6852001", "嘉祥县委大院东门巡察组意见箱", "xcz2026-1@jnzzb.example.cn", "0537-6852002");

    /// <summary>The days of the tour (city time), in order.</summary>
    public static class Days
    {
        public static readonly DateOnly Chosen = new(2026, 2, 16);
        public static readonly DateOnly TeamFormed = new(2026, 2, 24);
        public static readonly DateOnly Arrival = new(2026, 3, 2);
        public static readonly DateOnly Findings = new(2026, 4, 2);
        public static readonly DateOnly Drafted = new(2026, 4, 10);
        public static readonly DateOnly Reviewed = new(2026, 4, 24);
        public static readonly DateOnly Feedback = new(2026, 4, 30);
        public static readonly DateOnly Adopted = new(2026, 5, 20);
        public static readonly DateOnly Verified = new(2026, 9, 18);
        public static readonly DateOnly CarriedOut = new(2026, 9, 25);
        public static readonly DateOnly Closed = new(2026, 10, 16);
    }

    public sealed record WorkRecordEntry(string Kind, DateOnly HeldOn, string RecordedBy, IReadOnlyList<string> CadreIds, string Notes);

    public static readonly IReadOnlyList<WorkRecordEntry> WorkRecords =
    [
        new("cadre-talk", new DateOnly(2026, 3, 4), Leader, ["c-0210", "c-0214"], "与县长、县卫生健康局局长个别谈话，了解医疗领域作风问题整治和领导班子分工情况。"),
        new("heart-to-heart-talk", new DateOnly(2026, 3, 9), "i-018", ["c-0217"], "与县人社局局长谈心谈话，反映班子议事决策不规范、主要负责人末位表态落实不到位。"),
        new("public-interview", new DateOnly(2026, 3, 12), "i-036", [], "走访县医院门诊群众，反映医保报销窗口排队时间长、多次往返。"),
        new("deputy-visit", new DateOnly(2026, 3, 17), Leader, [], "走访县人大代表3名、政协委员2名，听取对公安交管窗口服务的意见。"),
        new("field-investigation", new DateOnly(2026, 3, 23), "i-018", [], "实地查看县行政审批服务局大厅，抽查办件12件，3件超时未办结。"),
        new("document-review", new DateOnly(2026, 3, 27), "i-036", [], "调阅县人社局2024年以来干部选拔任用档案，发现2人任职前未按规定公示。"),
    ];

    public sealed record FindingEntry(string Category, string Severity, string Description, string Evidence, IReadOnlyList<string> CadreIds,
        IReadOnlyList<string> UnitIds);

    public static readonly IReadOnlyList<FindingEntry> Findings =
    [
        new("work-style", "serious", "县卫生健康局领导班子落实医疗领域作风整治不力，医保报销窗口群众反映集中。", "群众走访记录、谈话记录", ["c-0214"], ["u-370829-health"]),
        new("implementation", "serious", "县公安局领导班子对交管窗口服务问题长期不整改，人大代表、政协委员多次反映。", "代表委员走访记录", [], ["u-370829-public-security"]),
        new("cadre-selection", "grave", "县人社局领导班子选人用人不规范，2名干部任职前未按规定公示。", "干部选拔任用档案", ["c-0217"], ["u-370829-hrss"]),
        new("work-style", "minor", "县行政审批服务局部分办件超时未办结，未向申请人说明理由。", "抽查办件12件的记录", [], ["u-370829-approval"]),
    ];

    public const string ReportSummary = "嘉祥县领导班子总体履职尽责，但卫生健康、公安交管、人社等领域作风和选人用人问题较为突出，建议调整相关领导班子并限期整改。";
    public const string ReportRecommendations = "建议调整县卫生健康局、县公安局、县人社局领导班子；提醒县公安局分管副局长；县行政审批服务局限期整改超时办件。";
    public const string ReviewNote = "市委巡察工作领导小组审议同意，按程序反馈。";

    /// <summary>An assessment of a leadership team (a unit) or a cadre, citing findings and work records by their index above.</summary>
    public sealed record AssessmentEntry(string? LeadershipUnitId, string? CadreId, string Grade, string Text, IReadOnlyList<int> Findings,
        IReadOnlyList<int> WorkRecords);

    public static readonly IReadOnlyList<AssessmentEntry> Assessments =
    [
        new("u-370829-health", null, "poor", "班子作风建设抓得不实，群众反映集中的问题长期未解决。", [0], [0, 2]),
        new("u-370829-hrss", null, "poor", "班子议事决策不规范，选人用人程序执行不严。", [2], [1, 5]),
        new("u-370829-gov", null, "fairly-good", "县政府班子总体团结，重点工作推进有力，对部门作风问题督促不够。", [], [0, 3]),
        new(null, "c-0214", "average", "履职较为被动，对本系统作风问题重视不够。", [0], [0]),
    ];

    /// <summary>A recommendation and where its follow-up ended: adopted, then carried out, or declined.</summary>
    public sealed record RecommendationEntry(string Kind, string? UnitId, string? CadreId, string Text, string FinalState, string Note);

    public static readonly IReadOnlyList<RecommendationEntry> Recommendations =
    [
        new("adjust-leadership-team", "u-370829-health", null, "建议调整县卫生健康局领导班子。", RecommendationStates.CarriedOut, "县委已调整县卫生健康局主要负责人和1名班子成员。"),
        new("adjust-leadership-team", "u-370829-public-security", null, "建议调整县公安局领导班子。", RecommendationStates.CarriedOut, "县公安局领导班子已按程序调整。"),
        new("adjust-leadership-team", "u-370829-hrss", null, "建议调整县人社局领导班子，整改选人用人问题。", RecommendationStates.CarriedOut, "县人社局领导班子已调整，2名干部任职程序已补正。"),
        new("remind-cadre", null, "c-0216", "建议对县公安局分管交管工作的副局长进行提醒谈话。", RecommendationStates.CarriedOut, "县委组织部已进行提醒谈话。"),
        new("move-cadre", null, "c-0213", "建议对县行政审批服务局政务服务股股长调整岗位。", RecommendationStates.Declined, "经核实超时办件系系统故障所致，不予调整。"),
    ];

    /// <summary>A rectification item for a finding (by index) and how it ended: verified by the team, or left overdue (still in progress or awaiting verification).</summary>
    public sealed record RectificationEntry(int Finding, string ResponsibleUnitId, string ResponsiblePerson, string Measures, DateOnly Deadline,
        string FinalState, string Evidence);

    public static readonly IReadOnlyList<RectificationEntry> Rectification =
    [
        new(0, "u-370829-health", "县卫生健康局局长", "增设医保报销窗口，推行一次办结，公开办理时限。", new DateOnly(2027, 3, 31), RectificationStates.Verified,
            "新增窗口2个，平均等候时间由90分钟降至20分钟，办理时限已公开。"),
        new(1, "u-370829-public-security", "县公安局局长", "整改交管窗口服务问题，建立代表委员意见办理台账。", new DateOnly(2027, 3, 31), RectificationStates.Verified,
            "意见办理台账已建立，13件代表委员意见全部办结。"),
        new(2, "u-370829-hrss", "县人社局局长", "补正2名干部任职公示程序，修订选人用人议事规则。", new DateOnly(2026, 7, 31), RectificationStates.InProgress, ""),
        new(3, "u-370829-approval", "县行政审批服务局局长", "清理超时办件，建立超时预警和说明理由制度。", new DateOnly(2026, 8, 31), RectificationStates.Submitted,
            "超时办件已全部办结，预警制度已印发。"),
    ];

    public const string VerificationNote = "巡察组现场核查，整改到位。";
}
