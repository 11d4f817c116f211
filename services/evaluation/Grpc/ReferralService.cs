using Grpc.Core;
using Supervision.Evaluation.Domain.Visits;
using Supervision.Evaluation.V1;
using Supervision.Reference;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Evaluation.Grpc;

/// <summary>Staff readers follow the problems found on visits that became reports, within their jurisdiction.</summary>
public sealed class ReferralService(VisitProblems problems, CityDirectory directory) : V1.Referrals.ReferralsBase
{
    public override async Task<ListVisitProblemReferralsResponse> ListVisitProblemReferrals(ListVisitProblemReferralsRequest request,
        ServerCallContext context)
    {
        var (before, size, divisions) = EvaluationAccess.ReaderPage(context, directory, request.PageToken, request.PageSize);
        var page = await problems.ReferredAsync(divisions, before, size, context.CancellationToken);
        var response = new ListVisitProblemReferralsResponse
        {
            NextPageToken = page.Count == size ? PageToken.Encode(page[^1].Problem.CreatedAt, page[^1].Problem.Id) : "",
        };
        response.Problems.AddRange(page.Select(p => VisitService.ToProto(p.Problem, p.Progress, directory)));
        return response;
    }
}
