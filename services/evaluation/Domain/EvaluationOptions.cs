namespace Supervision.Evaluation.Domain;

/// <summary>Section "Evaluation": where the rules are, the keys that seal members' personal data, the demo panel.</summary>
public sealed class EvaluationOptions
{
    public const string Section = "Evaluation";

    public string RulesPath { get; set; } = "";

    public string ScoringRulesPath { get; set; } = "";

    /// <summary>Key id to base64 256-bit AES key; old keys stay to open old data.</summary>
    public Dictionary<string, string> SealingKeys { get; set; } = [];

    public int ActiveSealingKey { get; set; } = 1;

    /// <summary>Generate the demo city's 1,000 members at startup when the panel has none of them (idempotent).</summary>
    public bool LoadDemoPanel { get; set; }
}
