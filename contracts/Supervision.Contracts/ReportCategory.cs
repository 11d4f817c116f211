namespace Supervision.Contracts;

/// <summary>What a report is about; routing rules select the competent unit by it.</summary>
public enum ReportCategory
{
    CadreSelectionAndAppointment = 1,
    WorkStyle = 2,
    Discipline = 3,
    ConductOutsideWorkingHours = 4,
    ElectionConduct = 5,
    Other = 6,
}
