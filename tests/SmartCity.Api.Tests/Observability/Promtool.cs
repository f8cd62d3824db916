using System.Diagnostics;
using Xunit.Abstractions;

namespace SmartCity.Api.Tests.Observability;

/// <summary>
/// Runs Prometheus' promtool (Debian package prometheus; .ci/run installs it on CI). Where it is not
/// installed and the CI variable is not set, <see cref="RunAsync"/> writes why to the test output and
/// returns null, and the test stops there and passes: xunit 2 has no skip decided at run time. On CI a
/// missing promtool fails the test.
/// </summary>
internal static class Promtool
{
    public static async Task<PromtoolResult?> RunAsync(ITestOutputHelper output, string? standardInput, params string[] arguments)
    {
        if (Find() is not { } promtool)
        {
            Assert.False(OnCi, "promtool is not installed, and on CI it must be: .ci/run installs it with apt-get (package prometheus).");
            output.WriteLine("promtool is not installed: nothing checked. Install it with `apt-get install prometheus` to run this test.");
            return null;
        }

        var start = new ProcessStartInfo(promtool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null) await process.StandardInput.WriteAsync(standardInput);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        var result = new PromtoolResult(process.ExitCode, await stdout + await stderr);
        output.WriteLine($"promtool {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Output}");
        return result;
    }

    /// <summary>CI sets CI=true (as do GitHub Actions and most other CI systems).</summary>
    private static bool OnCi => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci
        && !ci.Equals("false", StringComparison.OrdinalIgnoreCase) && ci != "0";

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "promtool"))
            .FirstOrDefault(File.Exists);
}

/// <summary>promtool's exit code (0: fine; 1: invalid; 3: valid with lint problems) and what it printed.</summary>
internal sealed record PromtoolResult(int ExitCode, string Output);

/// <summary>Files of the repository the tests run from.</summary>
internal static class Repository
{
    /// <summary>The folder holding SmartCity.sln, found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SmartCity.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"No SmartCity.sln above {AppContext.BaseDirectory}.");
    }
}
