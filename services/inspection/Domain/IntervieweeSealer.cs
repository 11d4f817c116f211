using System.Text;
using System.Text.Json;
using Supervision.ServiceDefaults.Security;

namespace Supervision.Inspection.Domain;

/// <summary>A citizen interviewed by a team: sealed at rest, never logged, never published (ADR 4).</summary>
public sealed record IntervieweeIdentity(string Name, string Phone, string IdNumber, string Address);

/// <summary>Seals an interviewee's identity with the platform's <see cref="DataSealer"/>, bound to its work record's id.</summary>
public sealed class IntervieweeSealer(DataSealer sealer)
{
    public byte[] Seal(IntervieweeIdentity identity, Guid recordId) => sealer.Seal(JsonSerializer.SerializeToUtf8Bytes(identity), Purpose(recordId));

    public IntervieweeIdentity Open(byte[] sealedIdentity, Guid recordId) =>
        JsonSerializer.Deserialize<IntervieweeIdentity>(sealer.Open(sealedIdentity, Purpose(recordId)))!;

    private static byte[] Purpose(Guid recordId) => [.. Encoding.ASCII.GetBytes("interviewee"), .. recordId.ToByteArray()];
}
