using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Supervision.Evaluation.Domain;

/// <summary>
/// A random stream anyone can reproduce from its key: value i is the first 8 bytes (big-endian) of SHA-256(key || i as 8
/// big-endian bytes). Integers below n come by rejection, so every one is equally likely. The README's verifier
/// implements the same few lines.
/// </summary>
public sealed class SeededRandom(byte[] key)
{
    private readonly byte[] _block = [.. key, 0, 0, 0, 0, 0, 0, 0, 0];
    private ulong _counter;

    public static SeededRandom From(string text) => new(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    public ulong NextUInt64()
    {
        BinaryPrimitives.WriteUInt64BigEndian(_block.AsSpan(_block.Length - 8), _counter++);
        return BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(_block));
    }

    /// <summary>A whole number in [0, n), each equally likely.</summary>
    public int Below(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var limit = ulong.MaxValue - ulong.MaxValue % (ulong)n;
        ulong value;
        do
        {
            value = NextUInt64();
        }
        while (value >= limit);
        return (int)(value % (ulong)n);
    }

    /// <summary>A number in [0, 1) with 53 random bits.</summary>
    public double NextUnit() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
}
