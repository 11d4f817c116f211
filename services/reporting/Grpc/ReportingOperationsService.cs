using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Supervision.Platform;
using Supervision.Reporting.Domain;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Auth;

namespace Supervision.Reporting.Grpc;

/// <summary>Operators' actions on the read models: oversight officers of the city only, since a rebuild touches every county's figures.</summary>
[Authorize(Roles = Roles.OversightOfficer)]
public sealed class ReportingOperationsService(NpgsqlDataSource dataSource, Supervision.Reference.CityDirectory directory, TimeProvider time,
    ILogger<ReportingOperationsService> logger) : ReportingOperations.ReportingOperationsBase
{
    public override async Task<RebuildProjectionsResponse> RebuildProjections(RebuildProjectionsRequest request, ServerCallContext context)
    {
        var caller = context.RequireStaffCaller();
        directory.RequireJurisdiction(caller, directory.CityCode);
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        var result = await EventLog.RebuildAsync(transaction, context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        logger.LogInformation("Projections rebuilt by {Caller} from {Events} events: {Rows} rows", caller.Subject, result.Events, result.Rows);
        return new RebuildProjectionsResponse { Events = result.Events, Rows = result.Rows, RebuiltAt = Figures.Stamp(time.GetUtcNow()) };
    }
}
