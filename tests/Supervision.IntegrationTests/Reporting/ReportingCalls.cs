using Grpc.Core;

namespace Supervision.IntegrationTests.Reporting;

/// <summary>What the reporting scenarios share: a caller asking for Chinese, and a call refused with a status.</summary>
internal static class ReportingCalls
{
    public static Metadata Chinese(Metadata headers)
    {
        headers.Add("accept-language", "zh-CN");
        return headers;
    }

    public static async Task RefusedAsync(StatusCode expected, Task call) =>
        Assert.Equal(expected, (await Assert.ThrowsAsync<RpcException>(() => call)).StatusCode);

    /// <summary>How a call ended: OK, or the status it was refused with.</summary>
    public static async Task<StatusCode> StatusOfAsync(Task call)
    {
        try
        {
            await call;
            return StatusCode.OK;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode;
        }
    }
}
