namespace Supervision.Evaluation.Domain.Draws;

/// <summary>Who a draw selected and, per group, who stands by in order.</summary>
public sealed record DrawOutcome(IReadOnlyList<int> Selected, IReadOnlyList<int> GrassrootsSubstitutes, IReadOnlyList<int> OtherSubstitutes);

/// <summary>
/// Algorithm "stratified-v1". Every step uses whole numbers only, so any implementation reproduces it exactly from the
/// published roster, seed and public entropy (see the README's verifier):
/// 1. Group seats. The grassroots group's fair share is k·Ng/N; it gets the whole part, plus one more when
///    Below(N) &lt; (k·Ng mod N). At least ceil(q·k) seats go to it (the quota), at most min(k, Ng); the others get the rest.
/// 2. County seats, per group (grassroots first, then counties in ordinal order): county h's share is S·Nh/Ng. Each county
///    gets its whole part; the r seats left go by systematic sampling over the remainders (S·Nh mod Ng): one start
///    u = Below(Ng), points u, u+Ng, ..., and a county gets a seat for each point in its stretch of the remainders.
/// 3. Members, per county in the same order: a partial Fisher-Yates shuffle of the county's panel numbers (ascending),
///    swapping i with i + Below(n - i) for each seat.
/// 4. Substitutes, per group: round(s·Sg/k) (halves up) for the grassroots group, the rest for the other group, each
///    capped by who is left; a partial Fisher-Yates shuffle of the group's unselected panel numbers (ascending).
/// Without the quota's floor, every member's chance is exactly k/N; the floor only matters when the roster's own
/// grassroots share is below q.
/// </summary>
public static class StratifiedDraw
{
    public const string Algorithm = "stratified-v1";

    public static DrawOutcome Run(IReadOnlyList<RosterEntry> roster, int seats, int substitutes, double grassrootsShareMinimum, SeededRandom random)
    {
        if (seats < 1 || seats > roster.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(seats), $"A draw of {seats} needs a roster of at least that many (has {roster.Count}).");
        }
        var grassroots = roster.Where(e => e.Grassroots).OrderBy(e => e.PanelNumber).ToList();
        var others = roster.Where(e => !e.Grassroots).OrderBy(e => e.PanelNumber).ToList();
        var total = roster.Count;

        // 1. Group seats: the fair share, randomly rounded, within the quota's floor.
        var share = (long)seats * grassroots.Count;
        var grassrootsSeats = (int)(share / total) + (random.Below(total) < share % total ? 1 : 0);
        var floor = (int)Math.Ceiling(grassrootsShareMinimum * seats - 1e-9);
        grassrootsSeats = Math.Min(Math.Min(Math.Max(grassrootsSeats, floor), grassroots.Count), seats);
        grassrootsSeats = Math.Max(grassrootsSeats, seats - others.Count);
        var otherSeats = seats - grassrootsSeats;

        var selected = new List<int>(seats);
        var unselectedGrassroots = SelectWithinGroup(grassroots, grassrootsSeats, random, selected);
        var unselectedOthers = SelectWithinGroup(others, otherSeats, random, selected);

        // 4. Substitutes in proportion to the seats each group holds.
        var grassrootsSubstitutes = Math.Min((int)((2L * substitutes * grassrootsSeats + seats) / (2L * seats)), unselectedGrassroots.Count);
        var otherSubstitutes = Math.Min(substitutes - grassrootsSubstitutes, unselectedOthers.Count);
        return new DrawOutcome(
            selected.Order().ToList(),
            Shuffle(unselectedGrassroots, grassrootsSubstitutes, random),
            Shuffle(unselectedOthers, otherSubstitutes, random));
    }

    /// <summary>Steps 2 and 3 for one group; adds the selected to <paramref name="selected"/> and returns the rest (ascending).</summary>
    private static List<int> SelectWithinGroup(List<RosterEntry> group, int groupSeats, SeededRandom random, List<int> selected)
    {
        if (group.Count == 0)
        {
            return [];
        }
        var counties = group.GroupBy(e => e.County).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Select(e => e.PanelNumber).Order().ToList()).ToList();
        var countySeats = counties.Select(c => (int)((long)groupSeats * c.Count / group.Count)).ToArray();
        var remainders = counties.Select(c => (long)groupSeats * c.Count % group.Count).ToArray();
        var left = groupSeats - countySeats.Sum();
        var start = random.Below(group.Count);
        long stretchEnd = 0;
        var point = 0;
        for (var h = 0; h < counties.Count; h++)
        {
            var stretchStart = stretchEnd;
            stretchEnd += remainders[h];
            while (point < left && start + (long)point * group.Count >= stretchStart && start + (long)point * group.Count < stretchEnd)
            {
                countySeats[h]++;
                point++;
            }
        }
        var rest = new List<int>();
        for (var h = 0; h < counties.Count; h++)
        {
            var drawn = Shuffle(counties[h], countySeats[h], random);
            selected.AddRange(drawn);
            rest.AddRange(counties[h].Except(drawn));
        }
        rest.Sort();
        return rest;
    }

    /// <summary>The first <paramref name="count"/> of a partial Fisher-Yates shuffle of <paramref name="numbers"/>, in drawn order.</summary>
    private static List<int> Shuffle(IReadOnlyList<int> numbers, int count, SeededRandom random)
    {
        var pool = numbers.ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = i + random.Below(pool.Length - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        return pool.Take(count).ToList();
    }
}
