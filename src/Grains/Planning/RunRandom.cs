namespace SmartCity.Grains.Planning;

/// <summary>
/// The random source of one Monte Carlo run: xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom
/// number generators", ACM TOMS 47(4), 2021), seeded from the scenario seed and the run index alone, so a run
/// draws the same numbers whichever batch, thread or silo runs it.
/// </summary>
/// <remarks>
/// Seed derivation (docs/planning-model.md, "Determinism"): key = mix(seed); start = mix(key + run);
/// the four state words are the first four SplitMix64 outputs from start, as the xoshiro authors recommend.
/// mix is the SplitMix64 finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014), a bijection on 64 bits: distinct runs get distinct, scattered streams, and System.Random's
/// 31-bit seeds (likely to repeat within some tens of thousands of runs) are avoided.
/// </remarks>
public sealed class RunRandom : Random
{
    private const ulong Golden = 0x9E3779B97F4A7C15;
    private ulong _s0, _s1, _s2, _s3;

    public RunRandom(long seed, int runIndex) : base(0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(runIndex);
        ulong state = Mix(Mix(unchecked((ulong)seed)) + (ulong)runIndex);
        _s0 = SplitMix(ref state);
        _s1 = SplitMix(ref state);
        _s2 = SplitMix(ref state);
        _s3 = SplitMix(ref state);
    }

    public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public override float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1U << 24));

    protected override double Sample() => NextDouble();

    public override int Next() => (int)(NextUInt64() >> 33);

    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (int)(((NextUInt64() >> 32) * (ulong)maxValue) >> 32);
    }

    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return (int)(minValue + (long)(((NextUInt64() >> 32) * (ulong)((long)maxValue - minValue)) >> 32));
    }

    public override long NextInt64() => (long)(NextUInt64() >> 1);

    public override long NextInt64(long maxValue) => NextInt64(0, maxValue);

    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        ulong range = (ulong)(maxValue - minValue);
        return range == 0 ? minValue : minValue + (long)(NextUInt64() % range);
    }

    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

    public override void NextBytes(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i += 8)
        {
            ulong word = NextUInt64();
            for (int j = 0; j < 8 && i + j < buffer.Length; j++) buffer[i + j] = (byte)(word >> (8 * j));
        }
    }

    private ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong state) => Mix(state += Golden);

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
