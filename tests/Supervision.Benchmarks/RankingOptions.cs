using System.Globalization;

namespace Supervision.Benchmarks;

/// <summary>Command line of the live-ranking benchmark: <c>ranking [--members N] [--units N] [--scores-per-member N] [--rate R] [--evaluation URL]</c>.</summary>
public sealed record RankingOptions(int Members, int Units, int ScoresPerMember, double Rate, Uri Evaluation)
{
    public const string DefaultEvaluation = "http://127.0.0.1:21401";
    public const string Usage =
        "usage: ./run.sh bench ranking [--members N (1000)] [--units N (150)] [--scores-per-member N (3)] [--rate PER_SECOND (20)] [--evaluation URL]";

    /// <summary>The parsed options, or null with the reason written to <paramref name="error"/>.</summary>
    public static RankingOptions? Parse(string[] args, TextWriter error)
    {
        int members = 1000, units = 150, scoresPerMember = 3;
        double rate = 20;
        Uri evaluation = new(DefaultEvaluation);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help" || i + 1 >= args.Length)
            {
                error.WriteLine(Usage);
                return null;
            }
            var value = args[++i];
            var known = name switch
            {
                "--members" => int.TryParse(value, out members) && members > 0,
                "--units" => int.TryParse(value, out units) && units > 0,
                "--scores-per-member" => int.TryParse(value, out scoresPerMember) && scoresPerMember > 0,
                "--rate" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) && double.IsFinite(rate) && rate > 0,
                "--evaluation" => TryAbsoluteUrl(value, ref evaluation),
                _ => false,
            };
            if (!known)
            {
                error.WriteLine($"Bad option {name} {value}.\n{Usage}");
                return null;
            }
        }
        return new RankingOptions(members, units, scoresPerMember, rate, evaluation);
    }

    private static bool TryAbsoluteUrl(string value, ref Uri url)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var parsed))
        {
            return false;
        }
        url = parsed;
        return true;
    }
}
