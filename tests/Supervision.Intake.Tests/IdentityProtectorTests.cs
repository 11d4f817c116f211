using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Supervision.Intake.Domain;
using Supervision.ServiceDefaults.Security;

namespace Supervision.Intake.Tests;

public sealed class IdentityProtectorTests
{
    private const int HeaderLength = 1 + 12 + 16;
    private static readonly string Key1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string Key2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly ReporterIdentityData Identity = new("张三丰", "13812345678", ResidentIdNumbers.KnownValid, "山东省济宁市任城区古槐路1号");

    private static IdentityProtector Protector(int active, params (string Id, string Key)[] keys) =>
        new(Options.Create(new IntakeOptions
        {
            ActiveIdentityKey = active,
            IdentityKeys = keys.ToDictionary(k => k.Id, k => k.Key),
        }));

    private static IdentityProtector Protector() => Protector(1, ("1", Key1));

    [Fact]
    public void Should_open_a_sealed_identity_under_the_same_report()
    {
        var protector = Protector();
        var reportId = Guid.NewGuid();
        Assert.Equal(Identity, protector.OpenIdentity(protector.SealIdentity(Identity, reportId), reportId));
    }

    [Fact]
    public void Should_open_a_sealed_receipt_under_the_same_report()
    {
        var protector = Protector();
        var reportId = Guid.NewGuid();
        var code = ReceiptCode.New();
        Assert.Equal(code, protector.OpenReceipt(protector.SealReceipt(code, reportId), reportId));
    }

    [Fact]
    public void Should_open_with_a_second_protector_configured_with_the_same_key()
    {
        var reportId = Guid.NewGuid();
        var sealedIdentity = Protector().SealIdentity(Identity, reportId);
        Assert.Equal(Identity, Protector().OpenIdentity(sealedIdentity, reportId));
    }

    [Fact]
    public void Should_not_open_an_identity_under_another_report()
    {
        var protector = Protector();
        var sealedIdentity = protector.SealIdentity(Identity, Guid.NewGuid());
        Assert.ThrowsAny<CryptographicException>(() => protector.OpenIdentity(sealedIdentity, Guid.NewGuid()));
    }

    [Fact]
    public void Should_not_open_a_receipt_under_another_report()
    {
        var protector = Protector();
        var sealedReceipt = protector.SealReceipt(ReceiptCode.New(), Guid.NewGuid());
        Assert.ThrowsAny<CryptographicException>(() => protector.OpenReceipt(sealedReceipt, Guid.NewGuid()));
    }

    [Fact]
    public void Should_not_open_an_identity_as_a_receipt()
    {
        var protector = Protector();
        var reportId = Guid.NewGuid();
        var sealedIdentity = protector.SealIdentity(Identity, reportId);
        Assert.ThrowsAny<CryptographicException>(() => protector.OpenReceipt(sealedIdentity, reportId));
    }

    [Fact]
    public void Should_not_open_under_another_key()
    {
        var reportId = Guid.NewGuid();
        var sealedIdentity = Protector().SealIdentity(Identity, reportId);
        var otherKeyUnderSameId = Protector(1, ("1", Key2));
        Assert.ThrowsAny<CryptographicException>(() => otherKeyUnderSameId.OpenIdentity(sealedIdentity, reportId));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(28)]
    [InlineData(29)]
    [InlineData(-1)]
    public void Should_detect_a_flipped_bit(int position)
    {
        var protector = Protector();
        var reportId = Guid.NewGuid();
        var sealedIdentity = protector.SealIdentity(Identity, reportId);
        var index = position >= 0 ? position : sealedIdentity.Length + position;
        sealedIdentity[index] ^= 0x01;
        Assert.ThrowsAny<CryptographicException>(() => protector.OpenIdentity(sealedIdentity, reportId));
    }

    [Fact]
    public void Should_detect_tampering_anywhere_in_the_sealed_bytes()
    {
        var protector = Protector();
        var reportId = Guid.NewGuid();
        var original = protector.SealIdentity(Identity, reportId);
        for (var i = 0; i < original.Length; i++)
        {
            var tampered = (byte[])original.Clone();
            tampered[i] ^= 0x80;
            Assert.ThrowsAny<CryptographicException>(() => protector.OpenIdentity(tampered, reportId));
        }
    }

    [Fact]
    public void Should_detect_truncated_or_extended_data()
    {
        var protector = Protector();
        var reportId = Guid.NewGuid();
        var sealedIdentity = protector.SealIdentity(Identity, reportId);
        Assert.ThrowsAny<CryptographicException>(() => protector.OpenIdentity(sealedIdentity[..^1], reportId));
        Assert.ThrowsAny<CryptographicException>(() => protector.OpenIdentity([.. sealedIdentity, 0], reportId));
        Assert.ThrowsAny<CryptographicException>(() => protector.OpenIdentity(sealedIdentity[..HeaderLength], reportId));
        Assert.ThrowsAny<CryptographicException>(() => protector.OpenIdentity(sealedIdentity[..(HeaderLength - 1)], reportId));
        Assert.ThrowsAny<CryptographicException>(() => protector.OpenIdentity([], reportId));
    }

    [Fact]
    public void Should_not_carry_any_identity_field_in_clear()
    {
        var protector = Protector();
        var sealedIdentity = protector.SealIdentity(Identity, Guid.NewGuid());
        foreach (var field in new[] { Identity.Name, Identity.Phone, Identity.IdNumber, Identity.Address, "13812345678", "1101051949" })
        {
            Assert.Equal(-1, sealedIdentity.AsSpan().IndexOf(Encoding.UTF8.GetBytes(field)));
        }
        Assert.Equal(-1, sealedIdentity.AsSpan().IndexOf(Encoding.UTF8.GetBytes("name")));
    }

    [Fact]
    public void Should_not_carry_the_receipt_code_in_clear()
    {
        var protector = Protector();
        var code = ReceiptCode.New();
        var sealedReceipt = protector.SealReceipt(code, Guid.NewGuid());
        Assert.Equal(-1, sealedReceipt.AsSpan().IndexOf(Encoding.ASCII.GetBytes(code)));
        Assert.Equal(HeaderLength + code.Length, sealedReceipt.Length);
    }

    [Fact]
    public void Should_use_a_fresh_nonce_for_every_seal()
    {
        var protector = Protector();
        var reportId = Guid.NewGuid();
        var first = protector.SealIdentity(Identity, reportId);
        var second = protector.SealIdentity(Identity, reportId);
        Assert.NotEqual(first, second);
        Assert.NotEqual(first[1..13], second[1..13]);
    }

    [Fact]
    public void Should_mark_sealed_data_with_the_active_key_id()
    {
        Assert.Equal(1, Protector().SealIdentity(Identity, Guid.NewGuid())[0]);
        Assert.Equal(7, Protector(7, ("7", Key1)).SealIdentity(Identity, Guid.NewGuid())[0]);
        Assert.Equal(255, Protector(255, ("255", Key1)).SealReceipt(ReceiptCode.New(), Guid.NewGuid())[0]);
    }

    [Fact]
    public void Should_still_open_data_sealed_with_a_retired_key_after_rotation()
    {
        var reportId = Guid.NewGuid();
        var sealedWithKey1 = Protector(1, ("1", Key1)).SealIdentity(Identity, reportId);

        var rotated = Protector(2, ("1", Key1), ("2", Key2));
        var sealedWithKey2 = rotated.SealIdentity(Identity, reportId);

        Assert.Equal(2, sealedWithKey2[0]);
        Assert.Equal(Identity, rotated.OpenIdentity(sealedWithKey1, reportId));
        Assert.Equal(Identity, rotated.OpenIdentity(sealedWithKey2, reportId));
        Assert.ThrowsAny<CryptographicException>(() => Protector(1, ("1", Key1)).OpenIdentity(sealedWithKey2, reportId));
    }

    [Fact]
    public void Should_refuse_data_whose_key_is_no_longer_configured()
    {
        var reportId = Guid.NewGuid();
        var sealedWithKey1 = Protector(1, ("1", Key1)).SealIdentity(Identity, reportId);
        Assert.ThrowsAny<CryptographicException>(() => Protector(2, ("2", Key2)).OpenIdentity(sealedWithKey1, reportId));
    }

    [Fact]
    public void Should_refuse_to_start_without_keys() =>
        Assert.Throws<InvalidOperationException>(() => Protector(1));

    [Fact]
    public void Should_refuse_to_start_when_the_active_key_is_not_configured() =>
        Assert.Throws<InvalidOperationException>(() => Protector(2, ("1", Key1)));

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Should_refuse_an_active_key_that_is_not_256_bits(int bytes) =>
        Assert.Throws<InvalidOperationException>(() => Protector(1, ("1", Convert.ToBase64String(new byte[bytes]))));

    [Fact]
    public void Should_refuse_a_key_that_is_not_base64() =>
        Assert.Throws<FormatException>(() => Protector(1, ("1", "not base64!")));
}
