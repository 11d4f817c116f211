namespace Supervision.Routing.Data;

/// <summary>Case states as stored (the proto CaseState values).</summary>
public static class CaseStates
{
    public const short AwaitingDispatch = 1;
    public const short Assigned = 2;
    public const short Acknowledged = 3;
    public const short UnderInvestigation = 4;
    public const short Concluded = 5;
    public const short Closed = 6;
    public const short FeedbackGiven = 7;
    public const short Disputed = 8;
}

/// <summary>Outcomes as stored (the proto Outcome values).</summary>
public static class Outcomes
{
    public const short Substantiated = 1;
    public const short PartlySubstantiated = 2;
    public const short Unsubstantiated = 3;
    public const short CannotBeVerified = 4;
}

/// <summary>Task states of a unit's part in a case.</summary>
public static class TaskStates
{
    public const string Assigned = "assigned";
    public const string Acknowledged = "acknowledged";
    public const string Investigating = "investigating";
    public const string Contributed = "contributed";
    public const string Concluded = "concluded";
    public const string Transferred = "transferred";
}

/// <summary>The deadlines a task runs against, as stored.</summary>
public static class DeadlineKinds
{
    public const string Acknowledge = "acknowledge";
    public const string InvestigationStart = "investigation-start";
    public const string Close = "close";
    public const string Feedback = "feedback";
}
