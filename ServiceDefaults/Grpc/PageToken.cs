using System.Buffers.Binary;
using System.IO.Hashing;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.ServiceDefaults.Grpc;

/// <summary>
/// Opaque keyset page tokens: the (time, id) of the last row of the previous page, with a checksum so a
/// token this service did not write (edited, truncated, made up) is refused rather than read as a position.
/// </summary>
public static class PageToken
{
    private const int PositionLength = 24;

    public static string Encode(DateTime at, Guid id)
    {
        var bytes = new byte[PositionLength + 4];
        BinaryPrimitives.WriteInt64BigEndian(bytes, at.Ticks);
        id.TryWriteBytes(bytes.AsSpan(8));
        Crc32.Hash(bytes.AsSpan(0, PositionLength), bytes.AsSpan(PositionLength));
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string token, out (DateTime At, Guid Id) position)
    {
        position = default;
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var bytes = Convert.FromBase64String(base64);
            if (bytes.Length != PositionLength + 4
                || !Crc32.Hash(bytes.AsSpan(0, PositionLength)).AsSpan().SequenceEqual(bytes.AsSpan(PositionLength)))
            {
                return false;
            }
            position = (new DateTime(BinaryPrimitives.ReadInt64BigEndian(bytes), DateTimeKind.Utc), new Guid(bytes.AsSpan(8, 16)));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads a keyset page request: the position after which to continue and the page size
    /// (0 means <paramref name="defaultSize"/>); bad values become field violations.
    /// </summary>
    public static ((DateTime At, Guid Id)? After, int Size) Read(string token, int size, int defaultSize, int maxSize, FieldViolations violations)
    {
        if (size < 0 || size > maxSize)
        {
            violations.Add("page_size", PlatformTexts.Words["page.size", maxSize, defaultSize]);
        }
        (DateTime, Guid)? after = null;
        if (token.Length > 0)
        {
            if (TryDecode(token, out var position))
            {
                after = position;
            }
            else
            {
                violations.Add("page_token", PlatformTexts.Words["page.token"]);
            }
        }
        return (after, size <= 0 ? defaultSize : Math.Min(size, maxSize));
    }
}
