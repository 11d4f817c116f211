namespace Supervision.Platform;

/// <summary>Resource and connection names, shared by the AppHost, the services and the tests.</summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string Messaging = "messaging";
    public const string Cache = "cache";
    public const string Intake = "intake";
    public const string IntakeDatabase = "intake-db";
    public const string Routing = "routing";
    public const string RoutingDatabase = "routing-db";
    public const string Inspection = "inspection";
    public const string InspectionDatabase = "inspection-db";
    public const string Reporting = "reporting";
    public const string ReportingDatabase = "reporting-db";
    public const string Evaluation = "evaluation";
    public const string EvaluationDatabase = "evaluation-db";

    /// <summary>The gRPC endpoint (HTTP/2 only); the "http" endpoint serves health and metrics.</summary>
    public const string GrpcEndpoint = "grpc";
}
