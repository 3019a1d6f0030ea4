namespace Chexs.Bot.Bench;

/// <summary>Where things are: the repository root (found from the bench's own output folder) and the built bot.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public const string Configuration =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <summary>The bot as built next to the bench (a project reference builds it in the same configuration).</summary>
    public static string BotDll => Path.Combine(Root, "bot", "bin", Configuration, "net10.0", "CHEXS.Bot.dll");

    /// <summary>The bench's own entry assembly (child processes: the echo bot, scheduler generator and probe).</summary>
    public static string BenchDll => Path.Combine(AppContext.BaseDirectory, "CHEXS.Bot.Bench.dll");

    /// <summary>Scratch space for databases and logs (git-ignored data/ folder).</summary>
    public static string Scratch(string name)
    {
        var path = Path.Combine(Root, "data", "bench", name);
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CHEXS.Bot.sln"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
