using Dapper;
using Npgsql;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Intake;

public sealed class IdentityProtectionTests(PlatformFixture platform)
{
    [Fact]
    public async Task Should_keep_the_reporters_identity_out_of_the_database_logs_and_broker()
    {
        // Distinctive values that appear nowhere else.
        const string name = "欧阳保密";
        const string phone = "13655558888";
        const string idNumber = "370883199003072819";
        const string address = "邹城市钢山街道保密巷9号";
        var request = Reports.RealName(Channel.Hotline, name: name, phone: phone);
        request.Reporter.IdNumber = idNumber;
        request.Reporter.Address = address;

        var report = await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders("370883", Roles.IntakeClerk));
        await platform.Probe.WaitUntilHandledAsync([Guid.Parse(report.ReportId)], TimeSpan.FromSeconds(60));
        await platform.Staff.RevealReporterIdentityAsync(new RevealReporterIdentityRequest
        {
            ReportId = report.ReportId,
            Reason = "测试：揭示后日志中也不得出现身份",
        }, PlatformFixture.StaffHeaders("370883", Roles.Supervisor));

        string[] secrets = [name, phone, idNumber, address];
        var database = await DumpDatabaseAsync(platform.IntakeDatabase);
        Assert.Contains(report.TrackingNumber, database);
        await Task.Delay(TimeSpan.FromSeconds(2)); // let the console logs of both replicas arrive
        var logs = string.Join("\n", platform.Logs);
        Assert.Contains(report.ReportId, logs);
        var bodies = string.Join("\n", platform.Probe.Recorder.RawBodies);
        Assert.Contains(report.ReportId, bodies);

        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, database);
            Assert.DoesNotContain(secret, logs);
            Assert.DoesNotContain(secret, bodies);
        }
    }

    /// <summary>Every row of every table of the database, as text.</summary>
    private static async Task<string> DumpDatabaseAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var tables = await connection.QueryAsync<string>("select tablename from pg_tables where schemaname = 'public'");
        var dump = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            foreach (var row in await connection.QueryAsync<string>($"select row_to_json(t)::text from \"{table}\" t"))
            {
                dump.AppendLine(row);
            }
        }
        return System.Text.RegularExpressions.Regex.Unescape(dump.ToString());
    }
}
