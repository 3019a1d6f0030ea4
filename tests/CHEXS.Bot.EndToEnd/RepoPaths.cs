namespace Chexs.Bot.EndToEnd;

/// <summary>Where things are in the repository the tests run from.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration of these tests; the bot is expected in the same one.</summary>
    public static string Configuration =>
        Environment.GetEnvironmentVariable("CHEXS_BOT_CONFIGURATION") is { Length: > 0 } c ? c :
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <summary>The already-built bot. These tests never build it: scripts/test.sh builds the solution first.</summary>
    public static string BotDll => Path.Combine(Root, "bot", "bin", Configuration, "net10.0", "CHEXS.Bot.dll");

    public static string PlaygroundCli => Path.Combine(Root, "node_modules", ".bin", "agentsplayground");

    public static string PlaygroundConfig => Path.Combine(Root, ".m365agentsplayground.yml");

    /// <summary>Screenshots and page dumps: test-output/e2e at the repository root (git-ignored).</summary>
    public static string Output
    {
        get
        {
            var dir = Path.Combine(Root, "test-output", "e2e");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CHEXS.Bot.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No CHEXS.Bot.sln above {AppContext.BaseDirectory}.");
    }
}
