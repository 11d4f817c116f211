using Google.Rpc;
using Grpc.Core;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.ServiceDefaults.Grpc;

/// <summary>Collects bad-input findings and throws them as one INVALID_ARGUMENT with google.rpc.BadRequest.</summary>
public sealed class FieldViolations
{
    private readonly BadRequest _badRequest = new();

    public bool Any => _badRequest.FieldViolations.Count > 0;

    public IEnumerable<string> Fields => _badRequest.FieldViolations.Select(v => v.Field);

    /// <param name="field">Path of the field in the request, e.g. "reporter.real_name.phone".</param>
    /// <param name="rule">The rule the value breaks, in words from a resource file, in the caller's language.</param>
    public FieldViolations Add(string field, string rule)
    {
        _badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = rule });
        return this;
    }

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw ToException();
        }
    }

    public RpcException ToException()
    {
        var message = PlatformTexts.Words["request.invalid", string.Join("; ", _badRequest.FieldViolations.Select(v => $"{v.Field}: {v.Description}"))];
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = message,
            Details = { Google.Protobuf.WellKnownTypes.Any.Pack(_badRequest) },
        };
        return status.ToRpcException();
    }

    public static RpcException Single(string field, string rule) => new FieldViolations().Add(field, rule).ToException();
}
