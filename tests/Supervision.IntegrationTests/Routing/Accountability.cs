using System.Globalization;
using Supervision.Routing.V1;

namespace Supervision.IntegrationTests.Routing;

/// <summary>Accountability measures as a concluding unit records them for a (partly) substantiated outcome.</summary>
internal static class Accountability
{
    /// <summary>Today in Jining (China Standard Time), as the API writes dates.</summary>
    public static string Today => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>诫勉谈话 for the cadre, decided today.</summary>
    public static AccountabilityMeasure AdmonishmentTalk(string cadreId) => new() { Kind = "admonishment-talk", CadreId = cadreId, DecidedOn = Today };
}
