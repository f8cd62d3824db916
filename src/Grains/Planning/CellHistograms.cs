namespace SmartCity.Grains.Planning;

/// <summary>
/// Counts of one whole-number figure (residents or migrants) per cell and year over the runs. Each series keeps
/// dense counts over the range of values it has seen, one bin per value while that range spans at most
/// <see cref="MaxBins"/> values, so percentiles are exact; a wider range doubles the bin width (bins aligned at
/// multiples of the width) until it fits, and percentiles are then interpolated within a bin and kept within the
/// smallest and largest value seen. The width depends only on the smallest and largest value, never on the order
/// of the runs, so batches merge to the same numbers however the runs were split. Memory grows with the spread of
/// the values, not with the number of runs.
/// </summary>
internal sealed class CellHistograms
{
    public const int MaxBins = 1024;

    private readonly int _cells;
    private readonly Series[] _series;

    public CellHistograms(int years, int cells)
    {
        _cells = cells;
        _series = new Series[years * cells];
        for (int k = 0; k < _series.Length; k++) _series[k] = new Series();
    }

    public void Add(int yearIndex, int cell, int value) => _series[yearIndex * _cells + cell].Add(value);

    public void Add(CellHistograms other)
    {
        if (other._series.Length != _series.Length) throw new ArgumentException("The histograms are of different cities or horizons.", nameof(other));
        for (int k = 0; k < _series.Length; k++) _series[k].Add(other._series[k]);
    }

    /// <summary>P10/P50/P90 over the values counted for a cell in a year.</summary>
    public Band Band(int yearIndex, int cell) => _series[yearIndex * _cells + cell].Band();

    private sealed class Series
    {
        private int _shift, _firstBin, _min = int.MaxValue, _max = int.MinValue, _total;
        private int[] _counts = [];

        public void Add(int value)
        {
            Cover(Math.Min(_min, value), Math.Max(_max, value), _shift);
            _counts[(value >> _shift) - _firstBin]++;
            _total++;
        }

        public void Add(Series other)
        {
            if (other._total == 0) return;
            Cover(Math.Min(_min, other._min), Math.Max(_max, other._max), Math.Max(_shift, other._shift));
            for (int b = 0; b < other._counts.Length; b++)
            {
                if (other._counts[b] == 0) continue;
                int value = (other._firstBin + b) << other._shift;
                _counts[(value >> _shift) - _firstBin] += other._counts[b];
            }
            _total += other._total;
        }

        public Band Band() => Planning.Band.FromOrderStatistics(_total, k =>
        {
            int before = 0;
            for (int b = 0; b < _counts.Length; b++)
            {
                int count = _counts[b];
                if (before + count < k)
                {
                    before += count;
                    continue;
                }
                int low = (_firstBin + b) << _shift;
                if (_shift == 0) return low;
                double width = 1 << _shift;
                return Math.Clamp(low + width * (k - before - 0.5) / count, _min, _max);
            }
            return _max;
        });

        /// <summary>Makes the bins cover min..max at the coarsest of the current width, the given one and what the range needs.</summary>
        private void Cover(int min, int max, int shift)
        {
            while ((max >> shift) - (min >> shift) + 1 > MaxBins) shift++;
            int firstBin = min >> shift, lastBin = max >> shift;
            bool fits = shift == _shift && _counts.Length > 0 && firstBin >= _firstBin && lastBin < _firstBin + _counts.Length;
            if (!fits)
            {
                // Room for half as many bins again on each side, so a series drifting upwards does not copy at every run.
                int wanted = lastBin - firstBin + 1, slack = Math.Min(wanted / 2 + 8, MaxBins);
                int start = Math.Max(0, firstBin - slack);
                var counts = new int[lastBin + slack + 1 - start];
                for (int b = 0; b < _counts.Length; b++)
                {
                    if (_counts[b] != 0) counts[(((_firstBin + b) << _shift) >> shift) - start] += _counts[b];
                }
                _counts = counts;
                _firstBin = start;
                _shift = shift;
            }
            _min = min;
            _max = max;
        }
    }
}
