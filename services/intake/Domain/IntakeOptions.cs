namespace Supervision.Intake.Domain;

public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>Longest account accepted, in characters (Unicode scalar values).</summary>
    public int AccountMaxLength { get; set; } = 5000;

    /// <summary>Roles allowed to see a real-name reporter's identity; every reveal is audited.</summary>
    public string[] IdentityRevealRoles { get; set; } = ["oversight-officer", "intake-clerk"];

    /// <summary>Keys that seal reporter identity (AES-256-GCM), by key id 1-255, base64.</summary>
    public Dictionary<string, string> IdentityKeys { get; set; } = [];

    /// <summary>The key id new reports are sealed with; older ids stay readable.</summary>
    public int ActiveIdentityKey { get; set; } = 1;

    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>How long an idempotent retry can still be answered with the receipt code.</summary>
    public TimeSpan ReceiptReplayWindow { get; set; } = TimeSpan.FromHours(24);
}

public sealed class RateLimitOptions
{
    public int SubmissionsPerMinute { get; set; } = 10;
    public int ReceiptLookupsPerMinute { get; set; } = 60;
    public int FailedReceiptsPerHour { get; set; } = 20;
}
