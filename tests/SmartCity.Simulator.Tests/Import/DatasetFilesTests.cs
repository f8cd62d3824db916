using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace SmartCity.Simulator.Tests.Import;

public sealed partial class DatasetFilesTests
{
    [GeneratedRegex(@"^SHA-256: `(?<hash>[0-9a-f]{64})`", RegexOptions.Multiline)]
    private static partial Regex Sha256Line();

    [Theory]
    [InlineData("parking-birmingham", "parking_birmingham.csv")]
    [InlineData("boston-311", "boston311-100.csv")]
    public void The_copied_file_is_byte_for_byte_the_one_SOURCE_md_describes(string folder, string file)
    {
        string source = File.ReadAllText(ImportFiles.Dataset(folder, "SOURCE.md"));
        string expected = Sha256Line().Match(source).Groups["hash"].Value;

        string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(ImportFiles.Dataset(folder, file))));

        Assert.Equal(64, expected.Length);
        Assert.Equal(expected, actual);
    }
}
