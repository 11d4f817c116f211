using Npgsql;
using Supervision.Inspection.Domain;

namespace Supervision.Inspection.Data;

/// <summary>Inspection plans and their rounds.</summary>
public static class PlanStore
{
    /// <summary>Creates the plan with its rounds; false (and nothing changed) when a plan of this id exists already.</summary>
    public static async Task<bool> CreateAsync(NpgsqlTransaction transaction, PlanRecord plan, string createdBy, DateTimeOffset at, CancellationToken ct)
    {
        if (await transaction.ExecuteAsync(
                "insert into plans (id, kind, year, title, created_by, created_at) values (@Id, @Kind, @Year, @Title, @createdBy, @at) on conflict (id) do nothing",
                new { plan.Id, plan.Kind, plan.Year, plan.Title, createdBy, at = at.UtcDateTime }, ct) == 0)
        {
            return false;
        }
        foreach (var round in plan.Rounds)
        {
            await transaction.ExecuteAsync(
                "insert into plan_rounds (plan_id, number, title, starts_on) values (@planId, @Number, @Title, @startsOn)",
                new { planId = plan.Id, round.Number, round.Title, startsOn = round.StartsOn.ToDateTime(TimeOnly.MinValue) }, ct);
        }
        return true;
    }

    private sealed record PlanRow(Guid Id, string Kind, int Year, string Title);

    private sealed record RoundRow(int Number, string Title, DateOnly StartsOn);

    public static async Task<PlanRecord?> FindAsync(NpgsqlTransaction transaction, Guid id, CancellationToken ct)
    {
        var plan = await transaction.SingleOrDefaultAsync<PlanRow>("select id as Id, kind as Kind, year as Year, title as Title from plans where id = @id",
            new { id }, ct);
        if (plan is null)
        {
            return null;
        }
        var rounds = await transaction.ListAsync<RoundRow>(
            "select number as Number, title as Title, starts_on as StartsOn from plan_rounds where plan_id = @id order by number", new { id }, ct);
        return new PlanRecord(plan.Id, plan.Kind, plan.Year, plan.Title,
            rounds.Select(r => new RoundRecord(r.Number, r.Title, r.StartsOn)).ToList());
    }
}
