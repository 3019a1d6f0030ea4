using System.Runtime.CompilerServices;
using Chexs.Bot.Storage;
using Chexs.Bot.Tests.StorageEngines;

namespace Chexs.Bot.Tests.RightsRequests;

/// <summary>
/// The inspection pack for a fixed data set (<see cref="RightsWorld"/>) matches the checked-in golden file byte for
/// byte, on both engines. After an intended change to the pack, regenerate the file and review its diff:
/// <c>CHEXS_UPDATE_GOLDEN=1 dotnet test tests/CHEXS.Bot.Tests --filter "FullyQualifiedName~InspectionPack"</c>.
/// </summary>
public sealed class InspectionPackTests
{
    private static string GoldenPath([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "inspection-pack.golden.md");

    [Theory, OnLiteDb, OnPostgreSql]
    public async Task The_pack_for_November_matches_the_golden_file(StorageEngine engine)
    {
        await using var w = await RightsWorld.StartAsync(engine);

        var pack = await w.Pack.BuildAsync(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));

        if (Environment.GetEnvironmentVariable("CHEXS_UPDATE_GOLDEN") == "1" && engine == StorageEngine.LiteDb) await File.WriteAllTextAsync(GoldenPath(), pack);
        Assert.Equal(await File.ReadAllTextAsync(GoldenPath()), pack);
    }

    [Theory, OnLiteDb]
    public async Task The_summary_puts_the_exceptions_first_and_names_pupils_by_initials_only(StorageEngine engine)
    {
        await using var w = await RightsWorld.StartAsync(engine);

        var pack = await w.Pack.BuildAsync(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));

        Assert.True(pack.IndexOf("### Exceptions", StringComparison.Ordinal) < pack.IndexOf("## Session S-AAAA1", StringComparison.Ordinal));
        Assert.Contains("| S-BBBB2 | Tue 17 Nov 2026 16:00 | recording missing (P5) |", pack);
        Assert.DoesNotContain("S-DDDD4", pack); // outside the range
        foreach (var absent in new[] { "Sam", "Lily", "Patel", "pass-100", "zoom.example" }) Assert.DoesNotContain(absent, pack);
        Assert.Equal(pack, await w.Pack.BuildAsync(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)));
    }
}
