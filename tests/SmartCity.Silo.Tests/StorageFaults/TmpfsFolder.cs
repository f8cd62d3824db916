using System.Diagnostics;

namespace SmartCity.Silo.Tests.StorageFaults;

/// <summary>
/// A small tmpfs mounted on a fresh folder, so a test can fill the disk and make room again as an operator's storage would fail: the twin's files live on it. Needs root (mount), as the
/// test machine and CI run.
/// </summary>
public sealed class TmpfsFolder : IAsyncDisposable
{
    private TmpfsFolder(string path) => Path = path;

    public string Path { get; }

    public static async Task<TmpfsFolder> MountAsync(int megabytes)
    {
        string path = Directory.CreateTempSubdirectory("smartcity-tmpfs-").FullName;
        await RunAsync("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        return new TmpfsFolder(path);
    }

    /// <summary>Fills the disk to the last byte with one file; deleting it makes room again.</summary>
    public async Task<string> FillAsync()
    {
        string filler = System.IO.Path.Combine(Path, "filler");
        await using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[1 << 20];
        try
        {
            while (true) await stream.WriteAsync(block);
        }
        catch (IOException)
        {
            // ENOSPC: full. Fill the last partial megabyte too.
            for (int size = block.Length / 2; size >= 512; size /= 2)
            {
                try
                {
                    await stream.WriteAsync(block.AsMemory(0, size));
                    await stream.FlushAsync();
                }
                catch (IOException)
                {
                }
            }
        }
        return filler;
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("umount", "-l", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static async Task RunAsync(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true })
            ?? throw new InvalidOperationException($"{command} did not start.");
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed: {error}");
    }
}
