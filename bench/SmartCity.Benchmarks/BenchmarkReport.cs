using System.Globalization;

namespace SmartCity.Benchmarks;

/// <summary>One measured figure beside its same-run baseline and the goal it is held to.</summary>
public sealed record BenchmarkLine(string Scenario, string Measured, string Baseline, double Ratio, string Goal, bool? GoalMet);

/// <summary>Collects lines and prints them as a Markdown table (pasted into the README as is).</summary>
public sealed class BenchmarkReport
{
    private readonly List<BenchmarkLine> _lines = [];

    public void Add(BenchmarkLine line)
    {
        _lines.Add(line);
        Console.WriteLine($"  done: {line.Scenario}: {line.Measured}");
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| scenario | measured | baseline (same run) | ratio | goal | met |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var l in _lines)
        {
            string met = l.GoalMet switch { true => "yes", false => "NO", null => "-" };
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {l.Scenario} | {l.Measured} | {l.Baseline} | {l.Ratio:F2} | {l.Goal} | {met} |"));
        }
    }
}
