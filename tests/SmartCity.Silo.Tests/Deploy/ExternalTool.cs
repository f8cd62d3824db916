using System.Diagnostics;
using Xunit.Abstractions;

namespace SmartCity.Silo.Tests.Deploy;

/// <summary>
/// Runs a command-line checker from PATH in the repository folder. Without it, a run on a developer's
/// machine says so in the test output and checks nothing (xunit 2 has no skip decided at run time); on
/// CI (CI=true) a tool that CI installs must be there.
/// </summary>
internal static class ExternalTool
{
    /// <summary>promtool, from Debian's prometheus package, which .ci/run installs.</summary>
    public static Task<(int ExitCode, string Output)?> PromtoolAsync(ITestOutputHelper output, params string[] arguments) =>
        RunAsync(output, "promtool", "`apt-get install prometheus` (.ci/run does on CI)", requiredOnCi: true, arguments);

    /// <summary>kubectl (its built-in kustomize), where a developer has it; CI does not install it.</summary>
    public static Task<(int ExitCode, string Output)?> KubectlAsync(ITestOutputHelper output, params string[] arguments) =>
        RunAsync(output, "kubectl", "install kubectl", requiredOnCi: false, arguments);

    private static async Task<(int ExitCode, string Output)?> RunAsync(
        ITestOutputHelper output, string tool, string howToInstall, bool requiredOnCi, string[] arguments)
    {
        string? executable = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, tool))
            .FirstOrDefault(File.Exists);
        if (executable is null)
        {
            Assert.False(requiredOnCi && OnCi, $"{tool} is not on PATH, and on CI it must be: {howToInstall}.");
            output.WriteLine($"{tool} is not on PATH: nothing checked. {howToInstall} to run this check.");
            return null;
        }

        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = DeployFiles.Repository,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        string printed = await stdout + await stderr;
        output.WriteLine($"{tool} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{printed}");
        return (process.ExitCode, printed);
    }

    private static bool OnCi => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci
        && ci != "0" && !ci.Equals("false", StringComparison.OrdinalIgnoreCase);
}
