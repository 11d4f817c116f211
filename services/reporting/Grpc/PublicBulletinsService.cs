using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Supervision.Reference;
using Supervision.Reporting.V1;

namespace Supervision.Reporting.Grpc;

/// <summary>The public edition of the weekly report and the monthly bulletin: anyone reads it, without a token.</summary>
[AllowAnonymous]
public sealed class PublicBulletinsService(BulletinRequests requests, CityDirectory directory) : PublicBulletins.PublicBulletinsBase
{
    public override Task<Bulletin> GetPublicBulletin(GetBulletinRequest request, ServerCallContext context)
    {
        var (period, division) = requests.Read(request, directory.CityCode);
        return requests.MakeAsync(period, division, Edition.Public, context.CancellationToken);
    }

    public override async Task<RenderedDocument> RenderPublicBulletin(GetBulletinRequest request, ServerCallContext context) =>
        await requests.RenderAsync(await GetPublicBulletin(request, context), request.Format, context.CancellationToken);
}
