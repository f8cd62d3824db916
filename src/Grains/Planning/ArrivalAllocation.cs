namespace SmartCity.Grains.Planning;

/// <summary>
/// Places a year's arrivals into grid cells. First everyone picks a cell in proportion to its attractiveness
/// (a multinomial draw). A cell takes no more than its free housing; the rest of its pick overflows to its
/// neighbours with room, in proportion to their attractiveness; what the neighbours cannot take goes to every cell
/// with room, again by attractiveness. Nobody is placed above capacity; only when the whole city is full are people
/// left unplaced, and reported.
/// </summary>
public sealed class ArrivalAllocation
{
    private readonly int[][] _neighbours;
    private readonly int[] _capacity;
    private readonly int[] _allCells;
    private readonly int[] _free;
    private readonly int[] _desired;
    private readonly int[] _ownChoiceTaken;
    private readonly List<(double Fraction, int Cell)> _remainders = [];

    /// <param name="neighbours">For each cell the indexes of its neighbours.</param>
    /// <param name="capacity">Residents each cell can hold.</param>
    public ArrivalAllocation(int[][] neighbours, int[] capacity)
    {
        if (neighbours.Length != capacity.Length) throw new ArgumentException("One neighbour list per cell is needed.", nameof(neighbours));
        _neighbours = neighbours;
        _capacity = capacity;
        _allCells = [.. Enumerable.Range(0, capacity.Length)];
        _free = new int[capacity.Length];
        _desired = new int[capacity.Length];
        _ownChoiceTaken = new int[capacity.Length];
    }

    /// <summary>
    /// Places <paramref name="people"/>, adding them to <paramref name="residents"/> and writing each cell's share
    /// into <paramref name="placed"/>; returns how many found no room anywhere.
    /// </summary>
    public int Place(Random random, int people, ReadOnlySpan<double> attractiveness, int[] residents, int[] placed)
    {
        Array.Clear(placed);
        DrawChoices(random, people, attractiveness);
        int pool = 0;
        for (int i = 0; i < _capacity.Length; i++)
        {
            _free[i] = Math.Max(0, _capacity[i] - residents[i]);
            int taken = Math.Min(_desired[i], _free[i]);
            placed[i] = taken;
            _ownChoiceTaken[i] = taken;
            _free[i] -= taken;
        }
        for (int i = 0; i < _capacity.Length; i++)
        {
            int overflow = _desired[i] - _ownChoiceTaken[i];
            if (overflow > 0) pool += Apportion(overflow, _neighbours[i], attractiveness, placed);
        }
        int unplaced = pool > 0 ? Apportion(pool, _allCells, attractiveness, placed) : 0;
        for (int i = 0; i < residents.Length; i++) residents[i] += placed[i];
        return unplaced;
    }

    /// <summary>The multinomial choice as a chain of binomials: cell i gets Binomial(left, A_i / Σ_{j ≥ i} A_j).</summary>
    private void DrawChoices(Random random, int people, ReadOnlySpan<double> attractiveness)
    {
        double weightLeft = 0;
        foreach (double a in attractiveness) weightLeft += a;
        int left = people;
        for (int i = 0; i < _desired.Length; i++)
        {
            double p = weightLeft > 0 ? Math.Clamp(attractiveness[i] / weightLeft, 0, 1) : 1.0 / (_desired.Length - i);
            int chosen = i == _desired.Length - 1 || p >= 1 ? left : BinomialDraw.Sample(random, left, p);
            _desired[i] = chosen;
            left -= chosen;
            weightLeft -= attractiveness[i];
        }
    }

    /// <summary>
    /// Gives <paramref name="count"/> people to the candidates with room, in proportion to attractiveness: whole
    /// quotas first (capped at the room left), then the leftover one each by largest remainder, ties to the lower
    /// index. Repeats while a cell filled up and people are left. Returns how many found no room among them.
    /// </summary>
    private int Apportion(int count, int[] candidates, ReadOnlySpan<double> attractiveness, int[] placed)
    {
        while (count > 0)
        {
            double total = 0;
            int withRoom = 0;
            foreach (int j in candidates)
            {
                if (_free[j] == 0) continue;
                total += attractiveness[j];
                withRoom++;
            }
            if (withRoom == 0) return count;
            bool filledOne = false;
            int given = 0;
            _remainders.Clear();
            foreach (int j in candidates)
            {
                if (_free[j] == 0) continue;
                double quota = total > 0 ? count * attractiveness[j] / total : (double)count / withRoom;
                int whole = (int)Math.Floor(quota);
                if (whole >= _free[j])
                {
                    whole = _free[j];
                    filledOne = true;
                }
                else
                {
                    _remainders.Add((quota - whole, j));
                }
                _free[j] -= whole;
                placed[j] += whole;
                given += whole;
            }
            count -= given;
            if (filledOne || count == 0) continue;
            _remainders.Sort((a, b) => a.Fraction != b.Fraction ? b.Fraction.CompareTo(a.Fraction) : a.Cell.CompareTo(b.Cell));
            for (int k = 0; k < _remainders.Count && count > 0; k++)
            {
                int j = _remainders[k].Cell;
                _free[j]--;
                placed[j]++;
                count--;
            }
        }
        return 0;
    }
}
