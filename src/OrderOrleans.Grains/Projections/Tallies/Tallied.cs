namespace OrderOrleans.Grains.Projections.Tallies;

/// <summary>Sums per currency, as tallies keep money: a currency whose sum returns to zero is dropped.</summary>
public static class Tallied
{
    public static void Add(Dictionary<string, decimal> sums, IReadOnlyDictionary<string, decimal> contribution, int sign)
    {
        foreach (var (currency, amount) in contribution)
        {
            var sum = sums.GetValueOrDefault(currency) + sign * amount;
            if (sum == 0m)
            {
                sums.Remove(currency);
            }
            else
            {
                sums[currency] = sum;
            }
        }
    }
}
