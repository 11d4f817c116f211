using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Supervision.ServiceDefaults.Security;

namespace Supervision.Intake.Tests;

public sealed partial class ReceiptCodeTests
{
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const string Sample = "7K3QD-M9XZ0-PA4HT-1VBNC";
    private const string SampleNormalized = "7K3QDM9XZ0PA4HT1VBNC";

    [GeneratedRegex("^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}\\z")]
    private static partial Regex Format();

    [Fact]
    public void Should_write_four_groups_of_five_crockford_characters()
    {
        for (var i = 0; i < 200; i++)
        {
            var code = ReceiptCode.New();
            Assert.Equal(23, code.Length);
            Assert.Matches(Format(), code);
        }
    }

    [Fact]
    public void Should_issue_distinct_codes()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => ReceiptCode.New()).ToList();
        Assert.Equal(1000, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(1000, codes.Select(ReceiptCode.Normalize).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Should_use_the_whole_alphabet_in_every_position()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => ReceiptCode.Normalize(ReceiptCode.New())!).ToList();
        foreach (var position in new[] { 0, 7, 19 })
        {
            var seen = codes.Select(c => c[position]).ToHashSet();
            Assert.Equal(Crockford.ToHashSet(), seen);
        }
    }

    [Fact]
    public void Should_normalize_an_issued_code_to_its_characters_without_dashes()
    {
        for (var i = 0; i < 100; i++)
        {
            var code = ReceiptCode.New();
            Assert.Equal(code.Replace("-", ""), ReceiptCode.Normalize(code));
        }
    }

    [Theory]
    [InlineData(Sample)]
    [InlineData("7k3qd-m9xz0-pa4ht-1vbnc")]
    [InlineData("7K3QDM9XZ0PA4HT1VBNC")]
    [InlineData("7k3qdm9xz0pa4ht1vbnc")]
    [InlineData("7K3QD M9XZ0 PA4HT 1VBNC")]
    [InlineData(" 7K3QD-M9XZ0-PA4HT-1VBNC ")]
    [InlineData("7K3QD-M9XZO-PA4HT-1VBNC")]
    [InlineData("7K3QD-M9XZo-PA4HT-IVBNC")]
    [InlineData("7K3QD-M9XZ0-PA4HT-iVBNC")]
    [InlineData("7K3QD-M9XZ0-PA4HT-LVBNC")]
    [InlineData("7K3QD-M9XZ0-PA4HT-lVBNC")]
    [InlineData("7K3QD--M9XZ0--PA4HT--1VBNC")]
    public void Should_accept_the_ways_a_person_writes_a_code(string written) =>
        Assert.Equal(SampleNormalized, ReceiptCode.Normalize(written));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("7K3QD-M9XZ0-PA4HT-1VBN")]
    [InlineData("7K3QD-M9XZ0-PA4HT-1VBNCC")]
    [InlineData("7K3QD-M9XZ0-PA4HT")]
    [InlineData("7K3QD-M9XZ0-PA4HT-1VBNU")]
    [InlineData("7K3QD-M9XZ0-PA4HT-1VBN*")]
    [InlineData("7K3QD_M9XZ0_PA4HT_1VBNC")]
    [InlineData("7K3QD.M9XZ0.PA4HT.1VBNC")]
    [InlineData("7K3QD-M9XZ0-PA4HT-1VBN中")]
    [InlineData("７K3QD-M9XZ0-PA4HT-1VBNC")]
    [InlineData("7K3QD-M9XZ0-PA4HT-1VBNC\n")]
    [InlineData("7K3QD---------------------M9XZ0-PA4HT-1VBNC")]
    public void Should_refuse_what_cannot_be_a_code(string? written) => Assert.Null(ReceiptCode.Normalize(written));

    [Fact]
    public void Should_hash_a_normalized_code_with_sha256_of_its_ascii()
    {
        var expected = SHA256.HashData(Encoding.ASCII.GetBytes(SampleNormalized));
        Assert.Equal(expected, ReceiptCode.Hash(SampleNormalized));
        Assert.Equal(32, ReceiptCode.Hash(SampleNormalized).Length);
    }

    [Fact]
    public void Should_hash_the_same_code_the_same_way_however_it_was_written()
    {
        var issued = ReceiptCode.Hash(ReceiptCode.Normalize(Sample)!);
        var typed = ReceiptCode.Hash(ReceiptCode.Normalize("7k3qd m9xzo pa4ht ivbnc")!);
        Assert.Equal(issued, typed);
        Assert.Equal(issued, ReceiptCode.Hash(SampleNormalized));
    }

    [Fact]
    public void Should_hash_different_codes_differently()
    {
        var first = ReceiptCode.Normalize(ReceiptCode.New())!;
        var second = ReceiptCode.Normalize(ReceiptCode.New())!;
        Assert.NotEqual(ReceiptCode.Hash(first), ReceiptCode.Hash(second));
    }
}
