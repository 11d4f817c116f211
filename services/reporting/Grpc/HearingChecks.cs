using System.Security.Cryptography;
using Google.Protobuf;
using Supervision.Reference;
using Supervision.Reporting.Domain;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;
using static Supervision.Reporting.Grpc.RequestChecks;

namespace Supervision.Reporting.Grpc;

/// <summary>The checks a request to be heard passes wherever it comes from: its division, topic, contact and key.</summary>
public static class HearingChecks
{
    public const int TopicLength = 500;
    public const int NameLength = 50;
    public const int ReasonLength = 1000;
    public const int RevealReasonLength = 500;

    /// <summary>The plea when every field holds; the violations are added otherwise.</summary>
    public static HearingPlea? Plea(string channel, string divisionCode, string topic, V1.HearingContact? contact, string idempotencyKey,
        string? enteredBy, CityDirectory directory, FieldViolations violations)
    {
        if (directory.FindDivision(divisionCode) is null)
        {
            violations.Add("division_code", PlatformTexts.Words["field.unknown-division", divisionCode]);
        }
        Text("topic", topic, TopicLength, required: true, violations);
        var sealedContact = Contact(contact, violations);
        Key(idempotencyKey, violations);
        return violations.Any ? null : new HearingPlea(channel, divisionCode, topic.Trim(), sealedContact!, enteredBy);
    }

    /// <summary>The hash that tells a retry from a different request: the request without its key and its contact (which is compared sealed).</summary>
    public static byte[] RequestHash<T>(T request, Action<T> withoutKeyAndContact) where T : IMessage<T>, IDeepCloneable<T>
    {
        var bare = request.Clone();
        withoutKeyAndContact(bare);
        return SHA256.HashData(bare.ToByteArray());
    }

    private static Domain.HearingContact? Contact(V1.HearingContact? contact, FieldViolations violations)
    {
        if (contact is null)
        {
            violations.Add("contact", PlatformTexts.Words["field.required"]);
            return null;
        }
        Text("contact.name", contact.Name, NameLength, required: true, violations);
        if (!PersonalDataRules.IsPhone(contact.Phone))
        {
            violations.Add("contact.phone", Localization.ReportingTexts.Words["field.objector.phone"]);
        }
        if (contact.IdNumber.Length > 0 && !PersonalDataRules.IsResidentIdNumber(contact.IdNumber))
        {
            violations.Add("contact.id_number", Localization.ReportingTexts.Words["field.objector.id-number"]);
        }
        return new Domain.HearingContact(contact.Name.Trim(), contact.Phone, Blank(contact.IdNumber.ToUpperInvariant()));
    }
}
