using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.ServiceDefaults.Grpc;

/// <summary>
/// Rules every request of every service obeys, whatever its method: text holds no control characters
/// (tab and line breaks aside) and is not made of invisible characters only; timestamps lie between
/// 0001-01-01 and 9999-12-31 with nanos below one second. Checked over the whole message by protobuf
/// reflection, so a new field is covered the day it is added, and the database never sees a NUL.
/// </summary>
public static class RequestTextRules
{
    // Keys of the rules' words in PlatformTexts.
    public const string ControlCharacterRule = "text.control-characters";
    public const string InvisibleTextRule = "text.invisible";
    public const string TimestampRule = "text.timestamp";

    private static readonly long MinSeconds = Timestamp.FromDateTime(DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc)).Seconds;
    private static readonly long MaxSeconds = Timestamp.FromDateTime(DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc)).Seconds;

    /// <summary>Adds a violation for each field of <paramref name="message"/> (at any depth) that breaks a rule.</summary>
    public static void Check(IMessage message, FieldViolations violations) => Check(message, "", violations);

    /// <summary>Null when <paramref name="text"/> is acceptable, otherwise the key of the rule it breaks.</summary>
    public static string? RuleBrokenBy(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }
        var visible = false;
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                return ControlCharacterRule;
            }
            visible |= IsVisible(c);
        }
        return visible ? null : InvisibleTextRule;
    }

    private static bool IsVisible(char c)
    {
        if (char.IsWhiteSpace(c) || char.IsControl(c))
        {
            return false;
        }
        if (char.IsSurrogate(c))
        {
            // Characters beyond the basic plane (rare CJK, emoji) are visible.
            return true;
        }
        return CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
            // Fillers that render as nothing although they are letters or symbols.
            _ => c is not ('\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u2800'),
        };
    }

    private static void Check(IMessage message, string prefix, FieldViolations violations)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var path = prefix + field.Name;
            if (field.IsMap)
            {
                foreach (DictionaryEntry entry in (IDictionary)field.Accessor.GetValue(message))
                {
                    CheckValue(field.MessageType.FindFieldByNumber(1), entry.Key, $"{path}[{entry.Key}]", violations);
                    CheckValue(field.MessageType.FindFieldByNumber(2), entry.Value, $"{path}[{entry.Key}]", violations);
                }
            }
            else if (field.IsRepeated)
            {
                var index = 0;
                foreach (var item in (IList)field.Accessor.GetValue(message))
                {
                    CheckValue(field, item, $"{path}[{index++}]", violations);
                }
            }
            else if (field.FieldType != FieldType.Message || field.Accessor.HasValue(message))
            {
                CheckValue(field, field.Accessor.GetValue(message), path, violations);
            }
        }
    }

    private static void CheckValue(FieldDescriptor field, object? value, string path, FieldViolations violations)
    {
        switch (value)
        {
            case string text when RuleBrokenBy(text) is { } rule:
                violations.Add(path, PlatformTexts.Words[rule]);
                break;
            case Timestamp timestamp when timestamp.Seconds < MinSeconds || timestamp.Seconds > MaxSeconds
                                          || timestamp.Nanos is < 0 or > 999_999_999:
                violations.Add(path, PlatformTexts.Words[TimestampRule]);
                break;
            case Timestamp:
                break;
            case IMessage nested when field.FieldType == FieldType.Message:
                Check(nested, path + ".", violations);
                break;
        }
    }
}
