namespace Supervision.Reporting.Domain;

/// <summary>The rules of openness in cadre selection (section Reporting:Openness), checked at startup.</summary>
public sealed class OpennessOptions
{
    public const string Section = "Reporting:Openness";

    /// <summary>The shortest objection window the rules allow: 5 working days.</summary>
    public const int ShortestObjectionWindow = 5;

    /// <summary>How many working days a pre-appointment publicity stays open to objections (at least 5).</summary>
    public int ObjectionWorkingDays { get; set; } = ShortestObjectionWindow;

    /// <summary>差额: how many candidates beyond the posts each stage needs at least (1 or more); a stage not named needs 1.</summary>
    public Dictionary<string, int> ExtraCandidates { get; set; } = [];

    /// <summary>Listings of the public API per caller address and minute.</summary>
    public int PublicListingsPerMinute { get; set; } = 60;

    /// <summary>Objections per caller address and minute.</summary>
    public int ObjectionsPerMinute { get; set; } = 5;

    /// <summary>What is wrong with these options; the service does not start with any.</summary>
    public IEnumerable<string> Problems()
    {
        if (ObjectionWorkingDays < ShortestObjectionWindow)
        {
            yield return $"{Section}:ObjectionWorkingDays is {ObjectionWorkingDays}; the objection window is at least {ShortestObjectionWindow} working days.";
        }
        foreach (var (stage, extra) in ExtraCandidates)
        {
            if (!CompetitiveSelection.Stages.Contains(stage))
            {
                yield return $"{Section}:ExtraCandidates names '{stage}', which is not a stage ({string.Join(", ", CompetitiveSelection.Stages)}).";
            }
            if (extra < 1)
            {
                yield return $"{Section}:ExtraCandidates:{stage} is {extra}; every stage needs more candidates than posts (at least 1 more).";
            }
        }
        if (PublicListingsPerMinute < 1 || ObjectionsPerMinute < 1)
        {
            yield return $"{Section}: the public limits must be at least 1 per minute.";
        }
    }
}

/// <summary>Refuses to start with openness rules that break the domain's rules, naming each problem.</summary>
public sealed class OpennessOptionsValidation : Microsoft.Extensions.Options.IValidateOptions<OpennessOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, OpennessOptions options) =>
        options.Problems().ToList() is { Count: > 0 } problems
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problems)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
