using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Intake.Tests;

public sealed class PageTokenTests
{
    [Fact]
    public void Should_round_trip_time_and_id()
    {
        var at = new DateTime(2026, 3, 2, 8, 15, 30, DateTimeKind.Utc).AddTicks(1234567);
        var id = Guid.NewGuid();

        Assert.True(PageToken.TryDecode(PageToken.Encode(at, id), out var position));
        Assert.Equal(at, position.At);
        Assert.Equal(DateTimeKind.Utc, position.At.Kind);
        Assert.Equal(id, position.Id);
    }

    [Fact]
    public void Should_round_trip_the_extremes()
    {
        foreach (var (at, id) in new[]
                 {
                     (DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), Guid.Empty),
                     (DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc), Guid.AllBitsSet),
                 })
        {
            Assert.True(PageToken.TryDecode(PageToken.Encode(at, id), out var position));
            Assert.Equal((at, id), position);
        }
    }

    [Fact]
    public void Should_write_url_safe_tokens_without_padding()
    {
        var random = new Random(24);
        for (var i = 0; i < 500; i++)
        {
            var at = new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
            var id = Guid.NewGuid();
            var token = PageToken.Encode(at, id);

            Assert.Equal(38, token.Length); // 24 bytes of position and 4 of checksum, unpadded
            Assert.DoesNotContain('+', token);
            Assert.DoesNotContain('/', token);
            Assert.DoesNotContain('=', token);
            Assert.True(PageToken.TryDecode(token, out var position));
            Assert.Equal((at, id), position);
        }
    }

    [Fact]
    public void Should_order_distinct_positions_into_distinct_tokens()
    {
        var at = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        var id = Guid.NewGuid();
        Assert.NotEqual(PageToken.Encode(at, id), PageToken.Encode(at.AddTicks(1), id));
        Assert.NotEqual(PageToken.Encode(at, id), PageToken.Encode(at, Guid.NewGuid()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("abc")]
    [InlineData("not a token")]
    [InlineData("!!!!!!!!")]
    [InlineData("举报举报")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA*")]
    public void Should_refuse_garbage(string token)
    {
        Assert.False(PageToken.TryDecode(token, out var position));
        Assert.Equal(default, position);
    }

    [Theory]
    [InlineData((byte)0xFF)]
    [InlineData((byte)0x7F)]
    [InlineData((byte)0x80)]
    public void Should_refuse_a_token_whose_time_is_out_of_range(byte first)
    {
        var bytes = new byte[24];
        Array.Fill(bytes, (byte)0xFF, 0, 8);
        bytes[0] = first;
        var token = Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
        Assert.False(PageToken.TryDecode(token, out _));
    }

    [Fact]
    public void Should_refuse_a_token_that_decodes_to_a_position_it_never_wrote()
    {
        // 24 zero bytes decode to year 1 and the empty id: a position, but not one any page ended on.
        Assert.False(PageToken.TryDecode(Convert.ToBase64String(new byte[24]), out _));
        Assert.False(PageToken.TryDecode(Convert.ToBase64String(new byte[28]), out _));
    }

    [Fact]
    public void Should_refuse_a_token_with_any_byte_edited()
    {
        var token = PageToken.Encode(new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc), Guid.NewGuid());
        var bytes = Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/').PadRight(40, '='));
        for (var i = 0; i < bytes.Length; i++)
        {
            var edited = (byte[])bytes.Clone();
            edited[i] ^= 0x01;
            Assert.False(PageToken.TryDecode(Convert.ToBase64String(edited).TrimEnd('=').Replace('+', '-').Replace('/', '_'), out _));
        }
    }
}
