using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;
using Supervision.Reporting.V1;
using static Supervision.IntegrationTests.Reporting.ReportingCalls;

namespace Supervision.IntegrationTests.Reporting;

/// <summary>
/// The credibility of cadre selection (选人用人公信度) through the real API: three years recorded by a county's oversight officers
/// and read with their trend by staff and the public, a visible correction, the demo city's seed figures, and bad input named by
/// field, a year with a target and no result yet listed to staff as awaiting the survey. Counties 370881, 370883 and 370829 are
/// this class's own.
/// </summary>
public sealed class CredibilityTests(PlatformFixture platform)
{
    private const string County = "370883";
    private const string CorrectedCounty = "370881";
    private const string AwaitingCounty = "370829";

    private static Metadata Officer(string division) => PlatformFixture.StaffHeaders(division, Roles.OversightOfficer);

    [Fact]
    public async Task Should_record_three_years_and_show_the_trend_to_staff_and_the_public()
    {
        await platform.Credibility.RecordCredibilityResultAsync(Result(County, 2023, 78.40, 14), Officer(County));
        await platform.Credibility.RecordCredibilityResultAsync(Result(County, 2024, 80.15, 8), Officer(County));
        await platform.Credibility.SetCredibilityTargetAsync(new SetCredibilityTargetRequest { DivisionCode = County, Year = 2025, TargetRank = 3 },
            Officer(County));
        var latest = await platform.Credibility.RecordCredibilityResultAsync(Result(County, 2025, 83.02, 1), Officer(County));
        Assert.Equal((7, 13, CredibilityTargetStatus.Met), (latest.Trend.PlacesGainedFromPreviousYear, latest.Trend.PlacesGainedOverTwoYears, latest.TargetStatus));
        Assert.Equal(2.87, latest.Trend.ScoreChangeFromPreviousYear, 6);

        var staff = await platform.Credibility.ListCredibilityResultsAsync(new ListCredibilityResultsRequest { DivisionCode = County },
            PlatformFixture.StaffHeaders(County, Roles.Auditor));
        Assert.Equal([2025, 2024, 2023], staff.Results.Select(r => r.Year));
        Assert.Equal("调查组反馈：群众对干部任前公示知晓率提高", staff.Results[0].Notes);
        Assert.Equal("2025: credibility of cadre selection in Zoucheng 83.02, rank 1 in the province, up 7 places on the previous year, " +
                     "up 13 places in two years", staff.Results[0].Summary);
        Assert.Equal(("Openness of cadre selection", "target met"),
            (staff.Results[0].DimensionScores.Single(d => d.Code == "openness").Name, staff.Results[0].TargetStatusName));

        var paged = await platform.PublicCredibility.ListCredibilityResultsAsync(new ListCredibilityResultsRequest
        {
            DivisionCode = County, FromYear = 2024, PageSize = 1,
        }, Chinese(PlatformFixture.PublicCaller()));
        var first = paged.Results.Single();
        Assert.Equal((2025, "", 0), (first.Year, first.Notes, first.Corrections.Count));
        Assert.Equal("2025年邹城市选人用人公信度83.02分，全省第1位，较上年上升7个位次，较两年前上升13个位次", first.Summary);
        var second = await platform.PublicCredibility.ListCredibilityResultsAsync(new ListCredibilityResultsRequest
        {
            DivisionCode = County, FromYear = 2024, PageSize = 1, PageToken = paged.NextPageToken,
        }, PlatformFixture.PublicCaller());
        Assert.Equal((2024, 6, ""), (second.Results.Single().Year, second.Results.Single().Trend.PlacesGainedFromPreviousYear, second.NextPageToken));
    }

    [Fact]
    public async Task Should_correct_a_result_only_by_naming_its_revision_and_show_the_correction()
    {
        var first = await platform.Credibility.RecordCredibilityResultAsync(Result(CorrectedCounty, 2024, 81.25, 6), Officer(CorrectedCounty));
        Assert.Equal(1, first.Revision);
        var retried = await platform.Credibility.RecordCredibilityResultAsync(Result(CorrectedCounty, 2024, 81.25, 6), Officer(CorrectedCounty));
        Assert.Equal((first.ResultId, 1), (retried.ResultId, retried.Revision));

        var refused = await Assert.ThrowsAsync<RpcException>(() => platform.Credibility.RecordCredibilityResultAsync(
            Result(CorrectedCounty, 2024, 81.52, 5), Chinese(Officer(CorrectedCounty))).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("2024年曲阜市的选人用人公信度结果已记录（第1版）", refused.Status.Detail);

        var correction = Result(CorrectedCounty, 2024, 81.52, 5);
        correction.ExpectedRevision = 1;
        correction.CorrectionReason = "反馈表抄录有误，以省委组织部正式通报为准";
        var corrected = await platform.Credibility.RecordCredibilityResultAsync(correction, Officer(CorrectedCounty));
        Assert.Equal((2, 81.52, 5), (corrected.Revision, corrected.Score, corrected.ProvincialRank));
        var kept = corrected.Corrections.Single();
        Assert.Equal((1, 81.25, 6, "反馈表抄录有误，以省委组织部正式通报为准"), (kept.Revision, kept.Score, kept.ProvincialRank, kept.Reason));

        var staleCorrection = correction.Clone();
        staleCorrection.Score = 90;
        var stale = await Assert.ThrowsAsync<RpcException>(() =>
            platform.Credibility.RecordCredibilityResultAsync(staleCorrection, Officer(CorrectedCounty)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, stale.StatusCode);
        Assert.Contains("is at revision 2, not the revision 1 you correct", stale.Status.Detail);

        var published = (await platform.PublicCredibility.ListCredibilityResultsAsync(new ListCredibilityResultsRequest
        {
            DivisionCode = CorrectedCounty, FromYear = 2024, ToYear = 2024,
        }, PlatformFixture.PublicCaller())).Results.Single();
        Assert.Equal((2, 81.52, 0, ""), (published.Revision, published.Score, published.Corrections.Count, published.Notes));
        Assert.NotNull(published.CorrectedAt);
    }

    [Fact]
    public async Task Should_publish_the_demo_citys_seed_figures()
    {
        var city = await platform.PublicCredibility.ListCredibilityResultsAsync(new ListCredibilityResultsRequest { FromYear = 2009, ToYear = 2011 },
            Chinese(PlatformFixture.PublicCaller()));
        var latest = city.Results.Single(r => r is { Year: 2011, DivisionCode: "370800" });
        Assert.Equal((84.36, 4, 5, 13), (latest.Score, latest.ProvincialRank, latest.Trend.PlacesGainedFromPreviousYear, latest.Trend.PlacesGainedOverTwoYears));
        Assert.Equal("2011年济宁市选人用人公信度84.36分，全省第4位，较上年上升5个位次，较两年前上升13个位次", latest.Summary);
        Assert.Equal((CredibilityTargetStatus.Met, "已达到目标"), (latest.TargetStatus, latest.TargetStatusName));
        Assert.Equal(17, city.Results.Single(r => r is { Year: 2009, DivisionCode: "370800" }).ProvincialRank);

        var dimensions = await platform.PublicCredibility.ListCredibilityDimensionsAsync(new ListCredibilityDimensionsRequest(), PlatformFixture.PublicCaller());
        Assert.Equal(latest.DimensionScores.Select(d => d.Code), dimensions.Dimensions.Select(d => d.Code));
        Assert.Equal("Overall satisfaction with cadre selection", dimensions.Dimensions[0].Name);
    }

    [Fact]
    public async Task Should_list_a_year_with_a_target_and_no_result_to_staff_as_awaiting_the_survey()
    {
        await platform.Credibility.RecordCredibilityResultAsync(Result(AwaitingCounty, 2024, 79.60, 9), Officer(AwaitingCounty));
        await platform.Credibility.SetCredibilityTargetAsync(new SetCredibilityTargetRequest
        {
            DivisionCode = AwaitingCounty, Year = 2025, TargetScore = 82, TargetRank = 5,
        }, Officer(AwaitingCounty));

        var staff = await platform.Credibility.ListCredibilityResultsAsync(new ListCredibilityResultsRequest
        {
            DivisionCode = AwaitingCounty, FromYear = 2024, ToYear = 2025, PageSize = 1,
        }, PlatformFixture.StaffHeaders(AwaitingCounty, Roles.Auditor));
        var awaiting = staff.Results.Single();
        Assert.Equal((2025, true, "", 0.0, 0), (awaiting.Year, awaiting.AwaitingSurvey, awaiting.ResultId, awaiting.Score, awaiting.Revision));
        Assert.Equal((82.0, 5, CredibilityTargetStatus.AwaitingSurvey), (awaiting.Target.TargetScore, awaiting.Target.TargetRank, awaiting.TargetStatus));
        Assert.Equal(("awaiting the survey: a target is set, the year's result is not recorded yet",
            "2025: credibility of cadre selection in Jiaxiang awaiting the survey"), (awaiting.TargetStatusName, awaiting.Summary));
        Assert.Equal((79.60, 9), (awaiting.Trend.PreviousYearScore, awaiting.Trend.PreviousYearRank));
        Assert.Null(awaiting.RecordedAt);

        var next = await platform.Credibility.ListCredibilityResultsAsync(new ListCredibilityResultsRequest
        {
            DivisionCode = AwaitingCounty, FromYear = 2024, ToYear = 2025, PageSize = 1, PageToken = staff.NextPageToken,
        }, Chinese(PlatformFixture.StaffHeaders(AwaitingCounty, Roles.Auditor)));
        Assert.Equal((2024, false, ""), (next.Results.Single().Year, next.Results.Single().AwaitingSurvey, next.NextPageToken));

        // The public edition lists the published result only.
        var published = await platform.PublicCredibility.ListCredibilityResultsAsync(new ListCredibilityResultsRequest
        {
            DivisionCode = AwaitingCounty, FromYear = 2024, ToYear = 2025,
        }, PlatformFixture.PublicCaller());
        Assert.Equal([(2024, false)], published.Results.Select(r => (r.Year, r.AwaitingSurvey)));
    }

    public static readonly TheoryData<string, string> BadResults = new()
    {
        { "score above 100", "score" },
        { "score with 3 decimals", "score" },
        { "unknown dimension", "dimension_scores[0].code" },
        { "dimension twice", "dimension_scores[1].code" },
        { "dimension score with 3 decimals", "dimension_scores[0].score" },
        { "rank 0", "provincial_rank" },
        { "rank beyond the ranked places", "provincial_rank" },
        { "year before 2000", "year" },
        { "year to come", "year" },
        { "no division", "division_code" },
        { "a township", "division_code" },
        { "no source", "source" },
        { "a reason without a correction", "correction_reason" },
        { "a correction without a reason", "correction_reason" },
    };

    [Theory]
    [MemberData(nameof(BadResults))]
    public async Task Should_refuse_a_bad_result_naming_the_field(string badness, string field)
    {
        var request = Result("370832", 2024, 80, 3);
        request.DimensionScores.Clear();
        request.DimensionScores.Add(new CredibilityDimensionScore { Code = "openness", Score = 80 });
        switch (badness)
        {
            case "score above 100": request.Score = 100.5; break;
            case "score with 3 decimals": request.Score = 84.365; break;
            case "unknown dimension": request.DimensionScores[0].Code = "happiness"; break;
            case "dimension twice": request.DimensionScores.Add(new CredibilityDimensionScore { Code = "openness", Score = 81 }); break;
            case "dimension score with 3 decimals": request.DimensionScores[0].Score = 80.001; break;
            case "rank 0": request.ProvincialRank = 0; break;
            case "rank beyond the ranked places": request.ProvincialRank = 18; break;
            case "year before 2000": request.Year = 1999; break;
            case "year to come": request.Year = DateTime.UtcNow.Year + 2; break;
            case "no division": request.DivisionCode = ""; break;
            case "a township": request.DivisionCode = "370832001"; break;
            case "no source": request.Source = "  "; break;
            case "a reason without a correction": request.CorrectionReason = "更正"; break;
            case "a correction without a reason": request.ExpectedRevision = 1; break;
        }
        var violations = Reports.Violations(await Assert.ThrowsAsync<RpcException>(() =>
            platform.Credibility.RecordCredibilityResultAsync(request, Officer("370800")).ResponseAsync));
        Assert.Equal([field], violations.Keys);
    }

    [Fact]
    public async Task Should_word_the_rule_broken_in_the_callers_language()
    {
        var request = Result("370832", 2024, 84.365, 3);
        var english = Reports.Violations(await Assert.ThrowsAsync<RpcException>(() =>
            platform.Credibility.RecordCredibilityResultAsync(request, Officer("370832")).ResponseAsync));
        Assert.Equal("must have at most 2 decimals (got 84.365)", english["score"]);
        var chinese = Reports.Violations(await Assert.ThrowsAsync<RpcException>(() =>
            platform.Credibility.RecordCredibilityResultAsync(request, Chinese(Officer("370832"))).ResponseAsync));
        Assert.Equal("最多保留两位小数（收到 84.365）", chinese["score"]);

        var noTarget = Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => platform.Credibility.SetCredibilityTargetAsync(
            new SetCredibilityTargetRequest { DivisionCode = "370832", Year = 2026 }, Officer("370832")).ResponseAsync));
        Assert.Equal("a target score, a target rank or both are required", noTarget["target_score"]);
        var years = Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => platform.PublicCredibility.ListCredibilityResultsAsync(
            new ListCredibilityResultsRequest { FromYear = 2012, ToYear = 2011 }, PlatformFixture.PublicCaller()).ResponseAsync));
        Assert.Equal("must not be before from_year", years["to_year"]);
    }

    private static RecordCredibilityResultRequest Result(string division, int year, double score, int rank)
    {
        var request = new RecordCredibilityResultRequest
        {
            DivisionCode = division, Year = year, Score = score, ProvincialRank = rank, RankedPlaces = 17,
            Source = $"{year}年全省选人用人工作满意度调查反馈", Notes = "调查组反馈：群众对干部任前公示知晓率提高",
        };
        foreach (var (code, offset) in new[] { ("overall-satisfaction", 0.0), ("selection-orientation", 0.5), ("procedures-followed", 1.25),
                     ("improper-practices-rectified", -2.0), ("openness", 0.75), ("supervision-effective", -1.0) })
        {
            request.DimensionScores.Add(new CredibilityDimensionScore { Code = code, Score = Math.Clamp(Math.Round(score + offset, 2), 0, 100) });
        }
        return request;
    }
}
