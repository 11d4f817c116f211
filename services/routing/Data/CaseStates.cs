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
    /// <summary>A case waiting in a level's dispatch queue is placed (TransferCase) by this time; the row is the dispatch unit's.</summary>
    public const string Dispatch = "dispatch";
    /// <summary>The duty officer confirms the phone call to the handling unit by this time; the row is the calling unit's.</summary>
    public const string PhoneNotice = "phone-notice";

    /// <summary>The deadlines of a unit's task (dispatch and phone calls are the duty unit's, not a task's).</summary>
    public static readonly string[] OfTasks = [Acknowledge, InvestigationStart, Close, Feedback];

    public static readonly string[] All = [.. OfTasks, Dispatch, PhoneNotice];

    /// <summary>Whether a missed deadline of this kind is a unit's task running late.</summary>
    public static bool OfTask(string kind) => OfTasks.Contains(kind);
}
