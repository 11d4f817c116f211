using System.Text.RegularExpressions;
using Grpc.Core;
using Npgsql;
using Supervision.Reporting.Localization;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Reporting.Grpc;

/// <summary>The checks reporting's staff and public methods share: texts, enum choices, ids, idempotency keys, one transaction.</summary>
public static partial class RequestChecks
{
    /// <summary>The domain's word for an enum value among <paramref name="choices"/>; otherwise a violation naming them by their API names.</summary>
    public static string? OneOf<TEnum>(string field, TEnum value, FieldViolations violations, params (TEnum Value, string Word)[] choices)
        where TEnum : struct, System.Enum
    {
        foreach (var (choice, word) in choices)
        {
            if (choice.Equals(value))
            {
                return word;
            }
        }
        violations.Add(field, PlatformTexts.Words["field.one-of", string.Join(", ", choices.Select(c => ApiName(c.Value)))]);
        return null;
    }

    /// <summary>The proto name of an enum value: INTERVIEW_STATUS_HELD.</summary>
    public static string ApiName<TEnum>(TEnum value) where TEnum : struct, System.Enum =>
        typeof(TEnum).GetField(value.ToString())!.GetCustomAttributes(typeof(Google.Protobuf.Reflection.OriginalNameAttribute), false)
            .Cast<Google.Protobuf.Reflection.OriginalNameAttribute>().Single().Name;

    /// <summary>A text of at most <paramref name="maxLength"/> characters once trimmed, and not empty when <paramref name="required"/>.</summary>
    public static void Text(string field, string value, int maxLength, bool required, FieldViolations violations)
    {
        var length = value.Trim().Length;
        if (required && length == 0)
        {
            violations.Add(field, PlatformTexts.Words["field.required"]);
        }
        else if (length > maxLength)
        {
            violations.Add(field, PlatformTexts.Words["field.max-length-got", maxLength, length]);
        }
    }

    /// <summary>An id of reporting's own records: a UUID.</summary>
    public static Guid Id(string field, string value, FieldViolations violations)
    {
        if (!Guid.TryParse(value, out var id))
        {
            violations.Add(field, ReportingTexts.Words["field.record-id"]);
        }
        return id;
    }

    public static void Key(string value, FieldViolations violations)
    {
        if (!IdempotencyKey().IsMatch(value))
        {
            violations.Add("idempotency_key", ReportingTexts.Words["field.idempotency-key.format"]);
        }
    }

    public static RpcException KeyReused(string what) =>
        FieldViolations.Single("idempotency_key", ReportingTexts.Words["field.idempotency-key.reused-for", ReportingTexts.Words[what]]);

    public static string? Blank(string value) => value.Length == 0 ? null : value;

    public static async Task<T> InTransactionAsync<T>(this NpgsqlDataSource dataSource, Func<NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var result = await work(transaction);
        await transaction.CommitAsync(ct);
        return result;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{16,100}$")]
    private static partial Regex IdempotencyKey();
}
