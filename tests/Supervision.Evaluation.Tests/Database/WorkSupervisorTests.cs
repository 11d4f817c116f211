using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Domain.Supervisors;
using Supervision.Evaluation.Referrals;
using Supervision.Intake.V1;
using Supervision.Reference;
using Supervision.Testing;

namespace Supervision.Evaluation.Tests.Database;

/// <summary>Work supervisors on a real PostgreSQL: numbered in order, contact sealed, observations within the area only and once.</summary>
public sealed class WorkSupervisorTests(TestServers servers) : IAsyncLifetime
{
    private const string Township = "370827101";
    private const string TownshipUnit = "u-370827101-gov";
    private const string Department = "u-370827-natural-resources";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));
    private readonly GrpcChannel _nowhere = GrpcChannel.ForAddress("http://127.0.0.1:9");
    private EvaluationDatabase _database = null!;
    private CadreWorkSupervisors _supervisors = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await EvaluationDatabase.CreateAsync(servers, _clock);
        // Referring calls intake; these tests stop before that, so intake's address leads nowhere.
        _supervisors = new CadreWorkSupervisors(_database.DataSource, _database.Sealer,
            new IntakeReferrals(new ReportIntake.ReportIntakeClient(_nowhere), new ConfigurationBuilder().Build()), TestData.Directory, _clock);
    }

    public async ValueTask DisposeAsync()
    {
        _nowhere.Dispose();
        await _database.DisposeAsync();
    }

    private static WorkSupervisorAppointment Appointment(WorkSupervisorArea area) => new("测试监督员", "female", DeputyKinds.PartyCongress,
        "中共鱼台县第十三次代表大会", area, new MemberContact("13800000000", "370827197203140021", "鱼台县谷亭街道1号"));

    [Fact]
    public async Task Should_number_in_order_and_seal_the_contact()
    {
        var first = await _supervisors.AppointAsync(Appointment(new WorkSupervisorArea(Township, [])), "officer", default);
        var second = await _supervisors.AppointAsync(Appointment(new WorkSupervisorArea(null, [Department, "u-370827-education"])), "officer", default);
        Assert.Equal(first.SupervisorNumber + 1, second.SupervisorNumber);
        Assert.Equal(["370827"], second.AreaDivisions);
        var stored = (await _supervisors.FindAsync(second.Id, default))!;
        Assert.True(stored.SealedContact.AsSpan().IndexOf("鱼台县"u8) < 0);
        Assert.Equal("鱼台县谷亭街道1号", _database.Sealer.OpenSupervisorContact(stored.SealedContact, stored.Id).Address);
        Assert.ThrowsAny<Exception>(() => _database.Sealer.OpenSupervisorContact(stored.SealedContact, first.Id));
    }

    [Fact]
    public async Task Should_log_within_the_area_only_and_the_same_observation_once()
    {
        var township = await _supervisors.AppointAsync(Appointment(new WorkSupervisorArea(Township, [])), "officer", default);
        var units = await _supervisors.AppointAsync(Appointment(new WorkSupervisorArea(null, [Department])), "officer", default);
        var day = new DateOnly(2026, 3, 1);

        var observation = await _supervisors.LogObservationAsync(township.Id, day, TownshipUnit, "c-0167", "民主推荐走过场", default);
        var again = await _supervisors.LogObservationAsync(township.Id, day, TownshipUnit, "c-0167", "民主推荐走过场", default);
        Assert.Equal(observation.Id, again.Id);
        Assert.NotEqual(observation.Id, (await _supervisors.LogObservationAsync(township.Id, day, TownshipUnit, null, "民主推荐走过场", default)).Id);

        var outside = await Assert.ThrowsAsync<DomainRuleException>(() => _supervisors.LogObservationAsync(township.Id, day, Department, null, "越界", default));
        Assert.Contains("鱼台县自然资源和规划局", outside.Message);
        await Assert.ThrowsAsync<DomainRuleException>(() => _supervisors.LogObservationAsync(township.Id, day, TownshipUnit, "c-0158", "干部不属此单位", default));
        await _supervisors.LogObservationAsync(units.Id, day, Department, "c-0158", "任免程序不规范", default);
        await Assert.ThrowsAsync<DomainRuleException>(() => _supervisors.LogObservationAsync(units.Id, day, TownshipUnit, null, "越界", default));

        // Another supervisor's observation is not theirs to refer.
        await Assert.ThrowsAsync<RecordNotFoundException>(() => _supervisors.ReferAsync(units.Id, observation.Id, "other", "不是自己的观察记录", default));
    }

    [Fact]
    public async Task Should_load_the_demo_supervisors_once_and_keep_one_referral_for_the_same_problem()
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using (var load = await connection.BeginTransactionAsync())
        {
            foreach (var round in new[] { 1, 2 })
            {
                foreach (var (number, appointment) in DemoWorkSupervisors.Generate(TestData.Directory))
                {
                    var id = DemoWorkSupervisors.SupervisorId(number);
                    await WorkSupervisorStore.InsertAsync(load, _supervisors.Record(id, number, appointment, [1], DemoWorkSupervisors.Appointed.UtcDateTime, true),
                        "demo-city", default);
                }
            }
            Assert.Equal(37, (await WorkSupervisorStore.ListAsync(load, null, null, 100, default)).Count(s => s.Demo));
            await load.CommitAsync();
        }

        var supervisor = await _supervisors.AppointAsync(Appointment(new WorkSupervisorArea(Township, [])), "officer", default);
        Assert.Equal(38, supervisor.SupervisorNumber);
        var observation = await _supervisors.LogObservationAsync(supervisor.Id, new DateOnly(2026, 3, 1), TownshipUnit, null, "民主推荐走过场", default);
        await using var transaction = await connection.BeginTransactionAsync();
        SupervisorReferralRecord Referral() => new()
        {
            Id = Guid.CreateVersion7(), SupervisorId = supervisor.Id, ObservationId = observation.Id, UnitId = TownshipUnit, Category = "other",
            Account = "镇党委民主推荐走过场", CreatedAt = _clock.GetUtcNow().UtcDateTime,
        };
        var first = await WorkSupervisorStore.InsertReferralAsync(transaction, Referral(), default);
        Assert.Equal(first.Id, (await WorkSupervisorStore.InsertReferralAsync(transaction, Referral(), default)).Id);
        Assert.Equal("referring", first.Status);
    }
}
