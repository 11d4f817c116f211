using Supervision.Platform;

namespace Supervision.Intake.Domain;

public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>Longest account accepted, in characters (Unicode scalar values).</summary>
    public int AccountMaxLength { get; set; } = 5000;

    /// <summary>Roles that may ask to see (and, once approved, see) a real-name reporter's identity; every step is audited.</summary>
    /// <remarks>Empty in configuration means the default; the binder would add configured roles to a default list.</remarks>
    public string[] IdentityRevealRoles { get; set; } = [];

    /// <summary>Roles that may approve or deny another person's reveal request.</summary>
    public string[] IdentityRevealApproverRoles { get; set; } = [];

    /// <summary>False: an allowed role reveals in one step, with a reason (deployments that choose it).</summary>
    public bool IdentityRevealRequiresApproval { get; set; } = true;

    /// <summary>How long an approval lets its requester reveal the identity.</summary>
    public TimeSpan IdentityRevealApprovalWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Keys that seal reporter identity (AES-256-GCM), by key id 1-255, base64.</summary>
    public Dictionary<string, string> IdentityKeys { get; set; } = [];

    /// <summary>The key id new reports are sealed with; older ids stay readable.</summary>
    public int ActiveIdentityKey { get; set; } = 1;

    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Admission control on submissions, per instance (Intake:Admission:*).</summary>
    public AdmissionOptions Admission { get; set; } = new();

    /// <summary>Fills in the role lists configuration left empty.</summary>
    public void ApplyDefaults()
    {
        if (IdentityRevealRoles.Length == 0) IdentityRevealRoles = [Roles.OversightOfficer];
        if (IdentityRevealApproverRoles.Length == 0) IdentityRevealApproverRoles = [Roles.OversightOfficer];
    }

    /// <summary>How long an idempotent retry can still be answered with the receipt code.</summary>
    public TimeSpan ReceiptReplayWindow { get; set; } = TimeSpan.FromHours(24);
}

public sealed class RateLimitOptions
{
    public int SubmissionsPerMinute { get; set; } = 10;
    public int ReceiptLookupsPerMinute { get; set; } = 60;
    public int FailedReceiptsPerHour { get; set; } = 20;
}
