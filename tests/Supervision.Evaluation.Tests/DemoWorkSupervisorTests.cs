using Supervision.Evaluation.Domain.Supervisors;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Evaluation.Tests;

/// <summary>The demo city's 37 cadre work supervisors: the same every time, over every county, mostly party-congress deputies.</summary>
public sealed class DemoWorkSupervisorTests
{
    private readonly IReadOnlyList<(int Number, WorkSupervisorAppointment Appointment)> _supervisors = DemoWorkSupervisors.Generate(TestData.Directory);

    [Fact]
    public void Should_generate_37_supervisors_with_real_areas_over_every_county()
    {
        Assert.Equal(Enumerable.Range(1, 37), _supervisors.Select(s => s.Number));
        var counties = TestData.Directory.Divisions.Where(d => d.Level == "county").Select(d => d.Code).ToHashSet();
        var reached = _supervisors.SelectMany(s => s.Appointment.Area.Divisions(TestData.Directory)).Select(d => d[..6]).ToHashSet();
        Assert.True(counties.SetEquals(reached));
        Assert.All(_supervisors, s =>
        {
            var area = s.Appointment.Area;
            Assert.True(area.DivisionCode is null ? area.UnitIds.Count > 0 && area.UnitIds.All(u => TestData.Directory.FindUnit(u) is not null)
                : area.UnitIds.Count == 0 && TestData.Directory.FindDivision(area.DivisionCode) is not null);
            Assert.True(PersonalDataRules.IsResidentIdNumber(s.Appointment.Contact.IdNumber));
            Assert.True(PersonalDataRules.IsPhone(s.Appointment.Contact.Phone));
        });
        Assert.Contains(_supervisors, s => s.Appointment.Area.UnitIds.Count > 0);
        Assert.True(_supervisors.Count(s => s.Appointment.DeputyKind == DeputyKinds.PartyCongress) > _supervisors.Count / 2);
    }

    [Fact]
    public void Should_be_the_same_on_every_machine()
    {
        var again = DemoWorkSupervisors.Generate(TestData.Directory);
        Assert.Equal(_supervisors.Select(s => s.Appointment.Contact), again.Select(s => s.Appointment.Contact));
        Assert.Equal(_supervisors.Select(s => s.Appointment.Name), again.Select(s => s.Appointment.Name));
        Assert.Equal(DemoWorkSupervisors.SupervisorId(5), DemoWorkSupervisors.SupervisorId(5));
        Assert.NotEqual(DemoWorkSupervisors.SupervisorId(5), DemoWorkSupervisors.SupervisorId(6));
    }
}
