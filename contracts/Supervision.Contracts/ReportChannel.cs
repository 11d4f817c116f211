namespace Supervision.Contracts;

/// <summary>How a report reached an intake centre.</summary>
public enum ReportChannel
{
    Online = 1,
    Hotline = 2,
    Letter = 3,
    Visit = 4,
    InspectionTeam = 5,
    PublicityObjection = 6,
    CitizenSupervisorReferral = 7,
    WorkSupervisorReferral = 8,
}
