namespace Supervision.IntegrationTests.Infrastructure;

/// <summary>
/// The AppHost settings every platform under test starts with: its own data folder, fixed ports moved by an offset,
/// test-only keys, no dashboard collector, and servers that may be stopped on purpose. Shared by the integration
/// tests' platform and the chaos run's (tests/Supervision.Chaos.Tests links this file).
/// </summary>
public static class PlatformArguments
{
    // Test-only keys, handed to the AppHost so the tests can mint tokens.
    public const string SigningKey = "dGVzdC1vbmx5LXNpZ25pbmcta2V5LWZvci1zdXBlcnZpc2lvbi10ZXN0cw==";
    public const string IdentityKey = "dGVzdC1vbmx5LWlkZW50aXR5LWtleS0zMi1ieXRlcyE=";

    /// <summary>The common settings, ports at their base plus <paramref name="portOffset"/>.</summary>
    public static string[] For(string dataDirectory, int portOffset) =>
    [
        $"--Supervision:DataDirectory={dataDirectory}",
        $"--Supervision:Ports:Postgres={22432 + portOffset}",
        $"--Supervision:Ports:RabbitMq={22672 + portOffset}",
        $"--Supervision:Ports:RabbitMqDistribution={22673 + portOffset}",
        $"--Supervision:Ports:Epmd={22369 + portOffset}",
        $"--Supervision:Ports:Redis={22379 + portOffset}",
        $"--Supervision:Ports:IntakeHttp={22100 + portOffset}",
        $"--Supervision:Ports:IntakeGrpc={22101 + portOffset}",
        $"--Supervision:Ports:RoutingHttp={22200 + portOffset}",
        $"--Supervision:Ports:RoutingGrpc={22201 + portOffset}",
        $"--Supervision:Ports:InspectionHttp={22300 + portOffset}",
        $"--Supervision:Ports:InspectionGrpc={22301 + portOffset}",
        $"--Supervision:Ports:ReportingHttp={22500 + portOffset}",
        $"--Supervision:Ports:ReportingGrpc={22501 + portOffset}",
        $"--Supervision:Ports:EvaluationHttp={22400 + portOffset}",
        $"--Supervision:Ports:EvaluationGrpc={22401 + portOffset}",
        "--Supervision:Development:PostgresPassword=supervision-tests",
        // Scenarios stop servers on purpose; run.sh's tests cover the report of a failing resource.
        "--Supervision:StopOnResourceFailure=false",
        $"--Supervision:Development:SigningKey={SigningKey}",
        $"--Supervision:Development:IdentityKey={IdentityKey}",
        // Calls reach intake through the AppHost's loopback proxy: trusting it as the gateway lets each test
        // be its own caller address (x-forwarded-for), so rate limits do not leak between tests.
        "--Supervision:ServiceEnvironment:Gateway__TrustedProxies__0=127.0.0.1",
        "--Supervision:ServiceEnvironment:Gateway__TrustedProxies__1=::1",
        // No dashboard here: without a collector, exporters would hold every stop for their flush timeout.
        "--Supervision:ServiceEnvironment:OTEL_EXPORTER_OTLP_ENDPOINT=",
    ];
}
