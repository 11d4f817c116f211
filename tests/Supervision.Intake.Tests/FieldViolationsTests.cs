using Google.Rpc;
using Grpc.Core;
using Supervision.Intake.Domain;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Intake.Tests;

public sealed class FieldViolationsTests
{
    private static BadRequest BadRequestOf(RpcException exception)
    {
        var badRequest = exception.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        return badRequest;
    }

    [Fact]
    public void Should_have_nothing_to_throw_when_empty()
    {
        var violations = new FieldViolations();
        Assert.False(violations.Any);
        Assert.Empty(violations.Fields);
        violations.ThrowIfAny();
    }

    [Fact]
    public void Should_throw_invalid_argument_carrying_every_violation_in_order()
    {
        var violations = new FieldViolations()
            .Add("reporter.phone", "must be a mainland mobile number")
            .Add("subjects[1].cadre_id", "unknown cadre 'c-9999'");

        Assert.True(violations.Any);
        Assert.Equal(["reporter.phone", "subjects[1].cadre_id"], violations.Fields);

        var exception = Assert.Throws<RpcException>(violations.ThrowIfAny);
        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        Assert.Contains("reporter.phone", exception.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("subjects[1].cadre_id", exception.Status.Detail, StringComparison.Ordinal);

        var badRequest = BadRequestOf(exception);
        Assert.Collection(badRequest.FieldViolations,
            v =>
            {
                Assert.Equal("reporter.phone", v.Field);
                Assert.Equal("must be a mainland mobile number", v.Description);
            },
            v =>
            {
                Assert.Equal("subjects[1].cadre_id", v.Field);
                Assert.Equal("unknown cadre 'c-9999'", v.Description);
            });
    }

    [Fact]
    public void Should_carry_the_status_code_in_the_rich_status_too()
    {
        var exception = FieldViolations.Single("page_token", "not a token returned by this method");
        var status = exception.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal((int)Code.InvalidArgument, status.Code);
        Assert.Equal(exception.Status.Detail, status.Message);
    }

    [Fact]
    public void Should_build_a_single_violation()
    {
        var exception = FieldViolations.Single("page_token", "not a token returned by this method");
        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        var violation = Assert.Single(BadRequestOf(exception).FieldViolations);
        Assert.Equal("page_token", violation.Field);
        Assert.Equal("not a token returned by this method", violation.Description);
    }

    [Fact]
    public void Should_keep_chinese_text_intact_in_the_details()
    {
        var exception = FieldViolations.Single("account", "内容不能为空");
        Assert.Equal("内容不能为空", Assert.Single(BadRequestOf(exception).FieldViolations).Description);
    }

    [Fact]
    public void Should_carry_the_validator_findings_as_field_violations()
    {
        var request = new SubmitReportRequest
        {
            Channel = Channel.Online,
            Category = Category.Discipline,
            Reporter = new Reporter { Name = "张三", Phone = "12345" },
            Subjects = { new Subject { Name = "李四" }, new Subject { CadreId = "c-9999" } },
            Account = new string('举', 5001),
            ReceivingDivisionCode = "370800",
        };

        var exception = SubmissionValidator.Validate(request, JiningDirectory.Instance, 5000, DateTimeOffset.UtcNow).ToException();

        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        var violations = BadRequestOf(exception).FieldViolations;
        Assert.Equal(["reporter.phone", "subjects[1].cadre_id", "account"], violations.Select(v => v.Field));
        Assert.Contains("5001", violations.Single(v => v.Field == "account").Description, StringComparison.Ordinal);
        Assert.Contains("c-9999", violations.Single(v => v.Field == "subjects[1].cadre_id").Description, StringComparison.Ordinal);
    }
}
