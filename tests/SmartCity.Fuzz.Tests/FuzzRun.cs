using System.Globalization;
using CsCheck;

namespace SmartCity.Fuzz.Tests;

/// <summary>
/// Runs a property over generated cases from one seed, so a CI run is the same every time and a failure
/// names the seed and case that reproduce it. CsCheck's own Sample seeds only its first iteration, so the
/// cases are drawn here, each from a generator of its own whose seed comes from the run's.
/// </summary>
/// <remarks>
/// SMARTCITY_FUZZ_SEED: a whole number (the CI default is <see cref="DefaultSeed"/>) or "random".
/// SMARTCITY_FUZZ_RUNS: cases per property instead of each property's CI count.
/// SMARTCITY_FUZZ_CASE: run only this case seed, as printed by a failure.
/// </remarks>
public static class FuzzRun
{
    public const ulong DefaultSeed = 20261129;

    /// <summary>The run's seed: fixed in CI, chosen at random only when asked for, and then printed on failure.</summary>
    public static ulong Seed { get; } = ReadSeed();

    /// <summary>SMARTCITY_FUZZ_RUNS when set, at most <paramref name="maxRuns"/>; otherwise the CI count.</summary>
    public static int Runs(int ciRuns, int maxRuns = int.MaxValue) =>
        int.TryParse(Environment.GetEnvironmentVariable("SMARTCITY_FUZZ_RUNS"), NumberStyles.None, CultureInfo.InvariantCulture, out int runs) && runs > 0
            ? Math.Min(runs, maxRuns)
            : ciRuns;

    /// <summary>
    /// Checks the property on <paramref name="ciRuns"/> cases (or SMARTCITY_FUZZ_RUNS, at most <paramref name="maxRuns"/>
    /// for a property whose cases are expensive); the first failure stops the run.
    /// </summary>
    public static async Task CheckAsync<T>(string property, Gen<T> cases, int ciRuns, Func<T, Task> holds, Func<T, string> describe, int maxRuns = int.MaxValue)
    {
        foreach (var (caseSeed, value) in Cases(property, cases, Runs(ciRuns, maxRuns)))
        {
            try
            {
                await holds(value);
            }
            catch (Exception failure)
            {
                throw new FuzzFailureException(property, caseSeed, describe(value), failure);
            }
        }
    }

    public static void Check<T>(string property, Gen<T> cases, int ciRuns, Action<T> holds, Func<T, string> describe) =>
        CheckAsync(property, cases, ciRuns, value => { holds(value); return Task.CompletedTask; }, describe).GetAwaiter().GetResult();

    private static IEnumerable<(ulong CaseSeed, T Value)> Cases<T>(string property, Gen<T> cases, int runs)
    {
        if (ulong.TryParse(Environment.GetEnvironmentVariable("SMARTCITY_FUZZ_CASE"), NumberStyles.None, CultureInfo.InvariantCulture, out ulong only))
        {
            yield return (only, cases.Generate(new PCG(1, only), null!, out _));
            yield break;
        }
        // Each property draws its own stream from the run's seed, so adding a property leaves the others' cases as they were.
        var run = new PCG(StableHash(property), Seed);
        for (int i = 0; i < runs; i++)
        {
            ulong caseSeed = run.Next64();
            yield return (caseSeed, cases.Generate(new PCG(1, caseSeed), null!, out _));
        }
    }

    private static ulong ReadSeed()
    {
        string? text = Environment.GetEnvironmentVariable("SMARTCITY_FUZZ_SEED");
        if (string.IsNullOrEmpty(text)) return DefaultSeed;
        if (text.Equals("random", StringComparison.OrdinalIgnoreCase)) return (ulong)Random.Shared.NextInt64(long.MaxValue);
        return ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    // string.GetHashCode differs between processes; the run must not.
    private static uint StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text) hash = (hash ^ c) * 16777619;
        return hash;
    }
}

/// <summary>A property that did not hold, with what reproduces it.</summary>
public sealed class FuzzFailureException(string property, ulong caseSeed, string input, Exception cause)
    : Exception(
        $"'{property}' failed (run seed {FuzzRun.Seed}; this case alone: SMARTCITY_FUZZ_CASE={caseSeed}).{Environment.NewLine}" +
        $"Input: {input}{Environment.NewLine}{cause.Message}",
        cause);
