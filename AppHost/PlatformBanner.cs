namespace Supervision.AppHost;

/// <summary>What the console shows at start: every address, from the same settings the resources are built from.</summary>
public static class PlatformBanner
{
    public const string RunIdVariable = "SUPERVISION_RUN_ID";

    public static void Print(PlatformSettings settings, string? postgresDataNote)
    {
        var ports = settings.Ports;
        var dashboard = (Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? "the dashboard's address").Split(';')[0];
        Console.WriteLine($"""

            Supervision is starting (Ctrl+C stops every part of it).
              Dashboard:         {dashboard}   (development: bound to this machine, no login)
              Intake gRPC:       127.0.0.1:{ports.IntakeGrpc}    (h2c: supervision.intake.v1, health and reflection)
              Intake health:     http://127.0.0.1:{ports.IntakeHttp}/health
              Routing gRPC:      127.0.0.1:{ports.RoutingGrpc}    (h2c: supervision.routing.v1, health and reflection)
              Routing health:    http://127.0.0.1:{ports.RoutingHttp}/health
              Inspection gRPC:   127.0.0.1:{ports.InspectionGrpc}    (h2c: supervision.inspection.v1, health and reflection)
              Inspection health: http://127.0.0.1:{ports.InspectionHttp}/health
              Evaluation gRPC:   127.0.0.1:{ports.EvaluationGrpc}    (h2c: supervision.evaluation.v1, health and reflection)
              Evaluation health: http://127.0.0.1:{ports.EvaluationHttp}/health
              Reporting gRPC:    127.0.0.1:{ports.ReportingGrpc}    (h2c: supervision.reporting.v1, health and reflection)
              Reporting health:  http://127.0.0.1:{ports.ReportingHttp}/health
              Data folder:       {settings.DataDirectory}   (./run.sh reset empties it)
            """);
        if (postgresDataNote is not null)
        {
            Console.WriteLine($"  PostgreSQL data: {postgresDataNote}");
        }
        Console.WriteLine($"""
              Logs:             {Path.Combine(settings.DataDirectory!, "logs")}/<resource>.log
              A staff token:    ./run.sh token intake-clerk 370883

            """);
    }
}
