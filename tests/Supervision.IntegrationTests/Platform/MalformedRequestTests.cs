using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Platform;

/// <summary>
/// The corpus a foreign client sent, kept as tests: every field of every RPC of every service, with a NUL,
/// a control character, invisible text, an out-of-range timestamp and an impossible page token. Each must
/// be INVALID_ARGUMENT naming the field, never INTERNAL. Generated from the service descriptors, so a new
/// method or field is covered the day it is added.
/// </summary>
public sealed class MalformedRequestTests(PlatformFixture platform)
{
    private static readonly Metadata Everyone = PlatformFixture.StaffHeaders("370800", [.. Roles.All]);

    public static TheoryData<string, string, string> Corpus()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var service in Services)
        {
            foreach (var method in service.Descriptor.Methods)
            {
                foreach (var (path, kind) in Paths(method.InputType, "", depth: 0))
                {
                    data.Add($"{service.Descriptor.Name}/{method.Name}", path, kind);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Should_answer_invalid_argument_naming_the_field(string rpc, string path, string kind)
    {
        var service = Services.Single(s => rpc.StartsWith(s.Descriptor.Name + "/", StringComparison.Ordinal));
        var method = service.Descriptor.Methods.Single(m => rpc.EndsWith("/" + m.Name, StringComparison.Ordinal));
        var request = (IMessage)Activator.CreateInstance(method.InputType.ClrType)!;
        Set(request, path.Split('.'), kind);

        var error = await Assert.ThrowsAsync<RpcException>(() => CallAsync(service.Client(platform), method.Name, request));

        Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{rpc} {path} ({kind}): {error.StatusCode} {error.Status.Detail}");
        var fields = error.GetRpcStatus()!.Details.Single().Unpack<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field);
        Assert.Contains(path.Replace(".0", "[0]", StringComparison.Ordinal), fields);
    }

    private sealed record Service(ServiceDescriptor Descriptor, Func<PlatformFixture, object> Client);

    private static readonly Service[] Services =
    [
        new(Supervision.Intake.V1.ReportIntake.Descriptor, p => p.Public),
        new(Supervision.Intake.V1.ReportAdministration.Descriptor, p => p.Staff),
        new(Supervision.Routing.V1.CaseHandling.Descriptor, p => p.Cases),
        new(Supervision.Routing.V1.Directory.Descriptor, p => p.Directory),
        new(Supervision.Inspection.V1.InspectorPool.Descriptor, p => p.Inspectors),
        new(Supervision.Inspection.V1.TourPlanning.Descriptor, p => p.Planning),
        new(Supervision.Inspection.V1.TourWork.Descriptor, p => p.Work),
        new(Supervision.Inspection.V1.Rectification.Descriptor, p => p.Rectification),
        new(Supervision.Inspection.V1.PublicInspection.Descriptor, p => p.PublicInspection),
        new(Supervision.Inspection.V1.TourRecords.Descriptor, p => p.Records),
        new(Supervision.Inspection.V1.TourCaseload.Descriptor, p => p.Caseload),
        new(Supervision.Reporting.V1.ReportingFigures.Descriptor, p => p.Figures),
        new(Supervision.Reporting.V1.PublicBulletins.Descriptor, p => p.PublicBulletins),
        new(Supervision.Reporting.V1.HeadInterviews.Descriptor, p => p.Interviews),
        new(Supervision.Reporting.V1.SupervisionLedger.Descriptor, p => p.Ledger),
        new(Supervision.Reporting.V1.Selection.Descriptor, p => p.Selection),
        new(Supervision.Reporting.V1.PublicOpenness.Descriptor, p => p.PublicOpenness),
        new(Supervision.Reporting.V1.Commitments.Descriptor, p => p.Commitments),
        new(Supervision.Reporting.V1.PublicHearings.Descriptor, p => p.PublicHearings),
        new(Supervision.Reporting.V1.HearingRequests.Descriptor, p => p.HearingRequests),
        new(Supervision.Reporting.V1.EarlyWarnings.Descriptor, p => p.Warnings),
        new(Supervision.Evaluation.V1.Panel.Descriptor, p => p.Panel),
        new(Supervision.Evaluation.V1.Draws.Descriptor, p => p.Draws),
        new(Supervision.Evaluation.V1.PublicDraws.Descriptor, p => p.PublicDraws),
        new(Supervision.Evaluation.V1.Scoring.Descriptor, p => p.Scoring),
        new(Supervision.Evaluation.V1.Visits.Descriptor, p => p.Visits),
        new(Supervision.Evaluation.V1.AnnualAssessments.Descriptor, p => p.AnnualAssessments),
        new(Supervision.Evaluation.V1.WorkSupervisors.Descriptor, p => p.WorkSupervisors),
        new(Supervision.Evaluation.V1.Referrals.Descriptor, p => p.Referrals),
        new(Supervision.Evaluation.V1.TargetedEvaluations.Descriptor, p => p.TargetedEvaluations),
    ];

    private static readonly string[] TextKinds = ["nul", "escape", "zero-width"];

    /// <summary>Every string, timestamp and page token field, two messages deep (repeated messages get one element: "subjects.0.name").</summary>
    private static IEnumerable<(string Path, string Kind)> Paths(MessageDescriptor message, string prefix, int depth)
    {
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            var path = prefix + field.Name;
            if (field.FieldType == FieldType.String && !field.IsMap)
            {
                var element = field.IsRepeated ? path + ".0" : path;
                foreach (var kind in TextKinds)
                {
                    yield return (element, kind);
                }
                if (field.Name == "page_token")
                {
                    yield return (element, "impossible-page-token");
                }
            }
            else if (field.FieldType == FieldType.Message && field.MessageType.FullName == Timestamp.Descriptor.FullName && !field.IsRepeated)
            {
                yield return (path, "timestamp-beyond-9999");
                yield return (path, "timestamp-negative-nanos");
            }
            else if (field.FieldType == FieldType.Message && !field.IsMap && depth < 2)
            {
                foreach (var nested in Paths(field.MessageType, field.IsRepeated ? path + ".0." : path + ".", depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    private static void Set(IMessage message, string[] path, string kind)
    {
        var field = message.Descriptor.FindFieldByName(path[0]);
        var rest = path.Skip(field.IsRepeated ? 2 : 1).ToArray();
        if (rest.Length == 0)
        {
            object value = kind switch
            {
                "nul" => "a\u0000b",
                "escape" => "\u001b[31m红\u0007",
                "zero-width" => new string('\u200b', 20),
                "impossible-page-token" => Convert.ToBase64String(new byte[24]),
                "timestamp-beyond-9999" => new Timestamp { Seconds = 253402300800L },
                "timestamp-negative-nanos" => new Timestamp { Seconds = 1_700_000_000, Nanos = -1 },
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };
            if (field.IsRepeated)
            {
                ((System.Collections.IList)field.Accessor.GetValue(message)).Add(value);
            }
            else
            {
                field.Accessor.SetValue(message, value);
            }
            return;
        }
        var nested = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
        Set(nested, rest, kind);
        if (field.IsRepeated)
        {
            ((System.Collections.IList)field.Accessor.GetValue(message)).Add(nested);
        }
        else
        {
            field.Accessor.SetValue(message, nested);
        }
    }

    private static async Task CallAsync(object client, string method, IMessage request)
    {
        var call = client.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Single(m => m.Name == method + "Async" && m.GetParameters() is [var first, { ParameterType: var headers }, ..]
                                                   && first.ParameterType == request.GetType() && headers == typeof(Metadata))
            .Invoke(client, [request, Everyone, DateTime.UtcNow.AddSeconds(30), CancellationToken.None])!;
        await (Task)call.GetType().GetProperty("ResponseAsync")!.GetValue(call)!;
    }
}
