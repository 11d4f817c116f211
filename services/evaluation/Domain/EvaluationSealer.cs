using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Supervision.ServiceDefaults.Security;

namespace Supervision.Evaluation.Domain;

/// <summary>An applicant's or member's phone, ID number and address: sealed at rest, never logged, never published.</summary>
public sealed record MemberContact(string Phone, string IdNumber, string Address);

/// <summary>
/// Seals what evaluation keeps secret with the platform's <see cref="DataSealer"/>, each bound to its owner's id: members'
/// contact data for good, a draw's seed until the draw is revealed.
/// </summary>
public sealed class EvaluationSealer(IOptions<EvaluationOptions> options)
{
    private readonly DataSealer _sealer = new(options.Value.SealingKeys, options.Value.ActiveSealingKey, "Evaluation:SealingKeys");

    public byte[] Seal(MemberContact contact, Guid ownerId) => _sealer.Seal(JsonSerializer.SerializeToUtf8Bytes(contact), Purpose("member-contact", ownerId));

    public MemberContact Open(byte[] sealedContact, Guid ownerId) =>
        JsonSerializer.Deserialize<MemberContact>(_sealer.Open(sealedContact, Purpose("member-contact", ownerId)))!;

    public byte[] SealSupervisorContact(MemberContact contact, Guid supervisorId) =>
        _sealer.Seal(JsonSerializer.SerializeToUtf8Bytes(contact), Purpose("work-supervisor-contact", supervisorId));

    public MemberContact OpenSupervisorContact(byte[] sealedContact, Guid supervisorId) =>
        JsonSerializer.Deserialize<MemberContact>(_sealer.Open(sealedContact, Purpose("work-supervisor-contact", supervisorId)))!;

    public byte[] SealSeed(byte[] seed, Guid drawId) => _sealer.Seal(seed, Purpose("draw-seed", drawId));

    public byte[] OpenSeed(byte[] sealedSeed, Guid drawId) => _sealer.Open(sealedSeed, Purpose("draw-seed", drawId));

    public byte[] SealReceipt(string receiptCode, Guid problemId) => _sealer.Seal(Encoding.UTF8.GetBytes(receiptCode), Purpose("visit-problem-receipt", problemId));

    public byte[] SealReferralReceipt(string receiptCode, Guid referralId) =>
        _sealer.Seal(Encoding.UTF8.GetBytes(receiptCode), Purpose("work-supervisor-referral-receipt", referralId));

    private static byte[] Purpose(string purpose, Guid ownerId) => [.. Encoding.ASCII.GetBytes(purpose), .. ownerId.ToByteArray()];
}
